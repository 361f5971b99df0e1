"""No models: the web app only has a models module so that `migrate` sends it post_migrate
(kehoach.web.apps creates the database cache table then)."""
