"""kehoach's benchmark suite: `make bench` runs every bench/bench_*.py module."""
