import os
import pathlib

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service

BASE_URL = os.environ.get("STEWARD_URL", "http://127.0.0.1:8090")
SHOTS = pathlib.Path(os.environ.get("SCREENSHOT_DIR", "ci-artifacts/screenshots"))
PASSWORD = "steward-demo"
# Where the SMTP sink (Tests/support/smtp_sink.py) writes the emails the server sends; .ci/run sets it.
SMTP_SINK_DIR = os.environ.get("SMTP_SINK_DIR")


@pytest.fixture
def browser(request):
    options = Options()
    options.binary_location = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    for flag in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,1000"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver")), options=options)
    driver.implicitly_wait(2)
    SHOTS.mkdir(parents=True, exist_ok=True)
    yield driver
    if getattr(request.node, "rep_call", None) is not None and request.node.rep_call.failed:
        driver.save_screenshot(str(SHOTS / f"FAILED-{request.node.name}.png"))
    driver.quit()


@pytest.hookimpl(hookwrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, "rep_" + report.when, report)
