import json
import os
import pathlib
import re
import urllib.parse

import pytest
from selenium_axe_python import Axe
from selenium import webdriver
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.remote.command import Command

BASE_URL = os.environ.get("STEWARD_URL", "http://127.0.0.1:8090")
SHOTS = pathlib.Path(os.environ.get("SCREENSHOT_DIR", "ci-artifacts/screenshots"))
PASSWORD = "steward-demo"
# Where the SMTP sink (Tests/support/smtp_sink.py) writes the emails the server sends; .ci/run sets it.
SMTP_SINK_DIR = os.environ.get("SMTP_SINK_DIR")

# --- accessibility: axe-core on every page the journeys see ------------------------------------
#
# Every new document the browser shows is checked once with axe-core: after `get`, and before the
# journey next looks at the page (finds an element, reads the source, takes a screenshot), so a page
# reached by clicking a link, submitting a form or pressing ENTER is checked however the journey got
# there. A journey checks a part of a page the same way when it changes in place (the open invite
# dialog: `browser.check_accessibility(within="#invite-dialog")`). Pages are deduplicated across the
# run by their path (ids replaced by ":id") and the ids of their elements, so each page in each state
# is checked once. Serious and critical violations fail the test that met them; every violation,
# whatever its impact, goes to AXE_DIR/axe-report.json. STEWARD_AXE=off skips the checks.
#
# axe-core comes from the PyPI package selenium-axe-python (axe-core 4.9). The older
# axe-selenium-python bundles axe-core 3.1, which flags valid HTML as violations (<dt>/<dd> grouped
# in a <div>, autocomplete="username" on an email field, autocomplete="one-time-code").
AXE_DIR = pathlib.Path(os.environ.get("AXE_REPORT_DIR", SHOTS.parent / "axe"))
AXE_FAILING_IMPACTS = ("serious", "critical")
AXE_ON = os.environ.get("STEWARD_AXE", "on") != "off"
# Inline frames hold email HTML in the development mailbox: an email, not one of our pages.
AXE_OPTIONS = {"iframes": False, "resultTypes": ["violations"]}
_AXE_SCRIPT = pathlib.Path(Axe(None).script_url).read_text(encoding="utf-8")
_CHECKED = set()  # page keys already checked in this run
_REPORT = []  # every page checked: {"test", "url", "key", "violations": [...]}

# Marks the document as seen and returns its address and element ids, or null when it was seen
# already (or is still loading: the next look at it checks it).
_NEW_DOCUMENT = """
if (window.__stewardAxeSeen || document.readyState !== "complete") return null;
window.__stewardAxeSeen = true;
var ids = Array.prototype.map.call(document.querySelectorAll("[id]"), function (e) { return e.id; });
return {url: location.href, ids: ids};
"""
_RUN = """
var context = arguments[0], options = arguments[1], done = arguments[arguments.length - 1];
axe.run(context || document, options).then(
  function (r) { done({violations: r.violations, engine: r.testEngine}); },
  function (e) { done({error: String(e)}); });
"""
_CHECK_BEFORE = {Command.FIND_ELEMENT, Command.FIND_ELEMENTS, Command.GET_PAGE_SOURCE, Command.SCREENSHOT}
_ID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|[0-9]+|[A-Za-z0-9_-]{20,}")


def normalised(text):
    return _ID.sub(":id", text)


class CheckedChrome(webdriver.Chrome):
    """Chrome that runs axe-core on each new page it shows (see above)."""

    test_name = "?"

    def __init__(self, *args, **kwargs):
        self._axe_busy = False
        self.axe_violations = []  # serious or critical, seen during the current test
        super().__init__(*args, **kwargs)

    def execute(self, driver_command, params=None):
        if driver_command in _CHECK_BEFORE and not self._axe_busy:
            self.check_accessibility()
        result = super().execute(driver_command, params)
        if driver_command == Command.GET and not self._axe_busy:
            self.check_accessibility()
        return result

    def check_accessibility(self, within=None, label=None):
        """Checks the current page once (or, with `within`, the part of it a CSS selector names,
        such as an open dialog, under `label`)."""
        if not AXE_ON:
            return
        self._axe_busy = True
        try:
            if within is None:
                try:
                    page = self.execute_script(_NEW_DOCUMENT)
                except WebDriverException:
                    return  # an alert is open or the page is going away: checked on the next look
                if page is None:
                    return
                url, ids = page["url"], page["ids"]
                path = urllib.parse.urlsplit(url).path
                key = normalised(path) + " " + " ".join(sorted({normalised(i) for i in ids}))
                context = None
            else:
                url = self.current_url
                key = normalised(urllib.parse.urlsplit(url).path) + " " + (label or within)
                context = {"include": [[within]]}
            if key in _CHECKED:
                return
            _CHECKED.add(key)
            self.axe_scan(url, key, context)
        finally:
            self._axe_busy = False

    def axe_scan(self, url, key, context):
        if not self.execute_script("return typeof window.axe === 'object'"):
            self.execute_script(_AXE_SCRIPT)
        self.set_script_timeout(30)
        result = self.execute_async_script(_RUN, context, AXE_OPTIONS)
        if "error" in result:
            raise AssertionError(f"axe-core failed on {url}: {result['error']}")
        violations = [
            {
                "id": v["id"],
                "impact": v.get("impact"),
                "help": v.get("help"),
                "helpUrl": v.get("helpUrl"),
                "targets": [", ".join(map(str, n["target"])) for n in v["nodes"]],
                "html": [n.get("html", "")[:300] for n in v["nodes"]],
            }
            for v in result["violations"]
        ]
        _REPORT.append({"test": self.test_name, "url": url, "key": key, "engine": result.get("engine"),
                        "violations": violations})
        for v in violations:
            if v["impact"] in AXE_FAILING_IMPACTS:
                self.axe_violations.append(dict(v, url=url))


def axe_summary(violations):
    """One entry per rule and set of targets, with the pages it was found on."""
    grouped = {}
    for v in violations:
        entry = grouped.setdefault((v["id"], v["impact"], v["help"], tuple(v["targets"][:3])), [v, []])
        entry[1].append(v["url"])
    lines = []
    for (rule, impact, help_text, targets), (v, urls) in grouped.items():
        more = f" (+{len(v['targets']) - 3} more)" if len(v["targets"]) > 3 else ""
        pages = ", ".join(urls[:3]) + (f" (+{len(urls) - 3} more pages)" if len(urls) > 3 else "")
        lines.append(f"- {rule} [{impact}] {help_text}\n    at {'; '.join(targets)}{more}\n    on {pages}")
    return "\n".join(lines)


@pytest.fixture
def browser(request):
    options = Options()
    options.binary_location = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    for flag in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,1000"):
        options.add_argument(flag)
    driver = CheckedChrome(service=Service(os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver")), options=options)
    driver.test_name = request.node.name
    driver.implicitly_wait(2)
    SHOTS.mkdir(parents=True, exist_ok=True)
    yield driver
    if getattr(request.node, "rep_call", None) is not None and request.node.rep_call.failed:
        driver.save_screenshot(str(SHOTS / f"FAILED-{request.node.name}.png"))
    driver.quit()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    """After a journey passes, its last page is checked too, then any serious or critical
    accessibility violation it met fails it."""
    result = yield
    driver = item.funcargs.get("browser")
    if isinstance(driver, CheckedChrome):
        try:
            driver.check_accessibility()
        except WebDriverException:
            pass
        if driver.axe_violations:
            pytest.fail(
                f"axe-core found {len(driver.axe_violations)} serious or critical accessibility violation(s) "
                f"(report: {AXE_DIR / 'axe-report.json'}):\n{axe_summary(driver.axe_violations)}",
                pytrace=False,
            )
    return result


def pytest_sessionfinish(session):
    if not _REPORT:
        return
    AXE_DIR.mkdir(parents=True, exist_ok=True)
    counts = {}
    for page in _REPORT:
        for v in page["violations"]:
            counts[v["impact"]] = counts.get(v["impact"], 0) + len(v["targets"])
    report = {"axe": "axe-core bundled with selenium-axe-python", "pagesChecked": len(_REPORT),
              "nodesByImpact": counts, "pages": _REPORT}
    (AXE_DIR / "axe-report.json").write_text(json.dumps(report, indent=2), encoding="utf-8")


@pytest.hookimpl(hookwrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, "rep_" + report.when, report)
