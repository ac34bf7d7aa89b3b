"""Debian's chromium as every browser test starts it (tests/web through pytest-playwright, the console's
tests through Playwright directly): headless, no sandbox (root in CI), and nothing that calls the internet."""

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
