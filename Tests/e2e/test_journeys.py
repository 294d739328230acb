"""Browser journeys against a running `steward demo` (see .ci/run)."""
import time

from selenium.webdriver.common.by import By
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.support.ui import WebDriverWait

from conftest import BASE_URL, PASSWORD, SHOTS


def shot(driver, name):
    driver.save_screenshot(str(SHOTS / f"{name}.png"))


def detached(element):
    """True once `element` left the document. Chromium reports a detached node either as a stale
    element or as an inspector error, so both count."""

    def check(_driver):
        try:
            element.is_enabled()
            return False
        except WebDriverException:
            return True

    return check


def wait_for_next_page(driver, old_html):
    WebDriverWait(driver, 10).until(detached(old_html))
    WebDriverWait(driver, 10).until(lambda d: d.execute_script("return document.readyState") == "complete")


def submit(driver, form):
    """Submits a form and waits for the next page to replace this one."""
    html = driver.find_element(By.TAG_NAME, "html")
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    wait_for_next_page(driver, html)


def follow(driver, link):
    html = driver.find_element(By.TAG_NAME, "html")
    link.click()
    wait_for_next_page(driver, html)


def sign_in(driver, role):
    driver.get(BASE_URL + "/login")
    form = driver.find_element(By.ID, "login-form")
    form.find_element(By.NAME, "email").send_keys(f"{role}@demo.steward.test")
    form.find_element(By.NAME, "password").send_keys(PASSWORD)
    submit(driver, form)
    assert driver.current_url.rstrip("/").endswith("/workspaces"), driver.current_url


def open_demo_workspace(driver):
    follow(driver, driver.find_element(By.LINK_TEXT, "Citizen Panels"))
    assert "/w/" in driver.current_url


def open_demo_project(driver):
    open_demo_workspace(driver)
    follow(driver, driver.find_element(By.PARTIAL_LINK_TEXT, "Mobility in the city centre"))
    assert "/projects/" in driver.current_url


def present(driver, css):
    driver.implicitly_wait(0)
    try:
        return len(driver.find_elements(By.CSS_SELECTOR, css)) > 0
    finally:
        driver.implicitly_wait(2)


def test_owner_creates_project_records_conversation_and_builds_report(browser):
    sign_in(browser, "owner")
    shot(browser, "01-owner-workspaces")
    assert "Northwind Research" in browser.page_source
    open_demo_workspace(browser)
    shot(browser, "02-owner-workspace")
    name = f"Green spaces {int(time.time())}"
    form = browser.find_element(By.ID, "create-project-form")
    form.find_element(By.NAME, "name").send_keys(name)
    form.find_element(By.NAME, "description").send_keys("What residents say about parks.")
    submit(browser, form)
    assert "/projects/" in browser.current_url
    assert name in browser.find_element(By.TAG_NAME, "h1").text
    record = browser.find_element(By.ID, "record-form")
    record.find_element(By.NAME, "participantName").send_keys("Femke")
    record.find_element(By.NAME, "text").send_keys(
        "The park needs more benches and better lighting. Benches near the playground would help parents."
    )
    submit(browser, record)
    assert "Femke" in browser.page_source
    shot(browser, "03-owner-project-with-conversation")
    submit(browser, browser.find_element(By.ID, "build-report-form"))
    assert "/reports/" in browser.current_url
    summary = browser.find_element(By.ID, "report-summary").text
    assert "1 conversation" in summary, summary
    assert "benches" in browser.page_source
    shot(browser, "04-owner-report")


def test_owner_asks_a_question_and_sees_citations(browser):
    sign_in(browser, "owner")
    open_demo_project(browser)
    form = browser.find_element(By.ID, "ask-form")
    form.find_element(By.NAME, "question").send_keys("What do people say about the bus?")
    submit(browser, form)
    assert "bus" in browser.page_source.lower()
    assert present(browser, "a[href^='/conversations/']")
    shot(browser, "05-owner-ask")


def test_external_sees_no_create_record_or_delete_controls(browser):
    sign_in(browser, "external")
    shot(browser, "06-external-workspaces")
    open_demo_workspace(browser)
    assert not present(browser, "#create-project-form")
    shot(browser, "07-external-workspace")
    follow(browser, browser.find_element(By.PARTIAL_LINK_TEXT, "Mobility in the city centre"))
    assert not present(browser, "[data-testid^='delete-']")
    assert not present(browser, "#record-form")
    # External collaborators may still ask and build reports (the seeds' table).
    assert present(browser, "#ask-form")
    assert present(browser, "#build-report-form")
    shot(browser, "08-external-project")
    follow(browser, browser.find_element(By.CSS_SELECTOR, "a.report-link"))
    assert not present(browser, "[data-testid^='delete-']")
    shot(browser, "09-external-report")


def test_member_works_but_cannot_delete_projects_or_manage_people(browser):
    sign_in(browser, "member")
    open_demo_project(browser)
    assert present(browser, "#record-form")
    assert not present(browser, "[data-testid='delete-project']")
    shot(browser, "10-member-project")


def test_billing_sees_no_work(browser):
    sign_in(browser, "billing")
    open_demo_workspace(browser)
    assert not present(browser, "a.project-link")
    assert not present(browser, "#create-project-form")
    shot(browser, "11-billing-workspace")


def test_owner_manages_members(browser):
    sign_in(browser, "owner")
    open_demo_workspace(browser)
    follow(browser, browser.find_element(By.LINK_TEXT, "Members"))
    assert "external@demo.steward.test" in browser.page_source
    shot(browser, "12-owner-members")


def test_signed_out_visitor_is_sent_to_sign_in(browser):
    browser.get(BASE_URL + "/workspaces")
    assert "/login" in browser.current_url
    shot(browser, "00-sign-in")
