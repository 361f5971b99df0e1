"""The public page in a real browser (Debian's Chromium driven by Playwright) at a phone's
width: a screenshot in artifacts/public/, and every service reached with the Tab key.

The browser talks to Django through the test client (each request the page makes is answered
by ``route``), so the page, its stylesheet and the database are the test's own."""

from __future__ import annotations

import html
import os
import re
from pathlib import Path

import pytest
from django.test import Client

from tests.e2e.conftest import CHROMIUM

from .conftest import SERVICES

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts" / "public"
ORIGIN = "http://kehoach.test"
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed"),
]


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


def crawl(paths: list[str]) -> dict[str, tuple[int, dict[str, str], bytes]]:
    """Every page and file of our origin the test can reach from ``paths``, answered by the
    test client in the test's own transaction (Playwright's callbacks run in another context,
    where Django would open another database connection)."""
    client = Client(HTTP_USER_AGENT="Mozilla/5.0 (Linux; Android 13) Mobile")
    answers: dict[str, tuple[int, dict[str, str], bytes]] = {}
    todo = list(paths)
    while todo:
        path = todo.pop()
        if path in answers:
            continue
        response = client.get(path)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        answers[path] = (response.status_code, dict(response.items()), body)
        if response.get("Content-Type", "").startswith("text/html"):
            for link in re.findall(r'(?:href|src)="(/[^"]*)"', body.decode()):
                link = html.unescape(link)
                if link.startswith(("/dich-vu-cong/", "/static/")):
                    todo.append(link)
    return answers


def phone_page(browser, answers):
    context = browser.new_context(
        viewport={"width": 360, "height": 740},
        is_mobile=True,
        has_touch=True,
        device_scale_factor=2,
        locale="vi-VN",
    )
    page = context.new_page()
    page.set_default_timeout(15000)
    outside: list[str] = []

    def answer(route, request):
        path = request.url[len(ORIGIN) :] if request.url.startswith(ORIGIN) else None
        if path not in answers:
            outside.append(request.url)
            return route.abort()
        status, headers, body = answers[path]
        return route.fulfill(status=status, headers=headers, body=body)

    page.route("**/*", answer)
    return page, outside


@pytest.mark.django_db
def test_the_catalogue_on_a_phone_every_service_reachable_by_keyboard(browser, catalogue):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    search = "/dich-vu-cong/qt-stttt/?q=hoa+giai&linh_vuc=&co_quan=&muc_do="
    page, outside = phone_page(browser, crawl(["/dich-vu-cong/qt-stttt/", search]))
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(f"{ORIGIN}/dich-vu-cong/qt-stttt/")
    assert page.locator("ol.services li a").count() == len(SERVICES)
    # laid out for the phone: nothing wider than the screen
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.screenshot(path=str(ARTIFACTS / "catalogue-phone.png"), full_page=True)

    wanted = set(page.eval_on_selector_all("ol.services a", "els => els.map(e => e.href)"))
    reached: set[str] = set()
    for _ in range(len(SERVICES) + 30):
        page.keyboard.press("Tab")
        href = page.evaluate("document.activeElement && document.activeElement.href || ''")
        reached.add(href)
        if wanted <= reached:
            break
    assert wanted <= reached, sorted(wanted - reached)

    # Enter on a focused service opens it; the page says how to file and where
    page.keyboard.press("Enter")
    page.wait_for_url("**/dich-vu-cong/qt-stttt/*/")
    assert "Cách nộp hồ sơ" in page.content()
    page.screenshot(path=str(ARTIFACTS / "service-phone.png"), full_page=True)

    # typed without diacritics on the phone's keyboard
    page.goto(f"{ORIGIN}/dich-vu-cong/qt-stttt/")
    page.fill("#q", "hoa giai")
    page.keyboard.press("Enter")
    page.wait_for_url("**q=hoa+giai*")
    assert page.locator("ol.services li a").count() == 2
    page.screenshot(path=str(ARTIFACTS / "search-phone.png"), full_page=True)
    # (over plain http the browser ignores the Cross-Origin-Opener-Policy header and says so)
    assert outside == []
    assert [e for e in errors if "Cross-Origin-Opener-Policy" not in e] == []
