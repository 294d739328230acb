"""The partner journey: staff → external-client workspace → data owner → upgrade → whitelabelled portal."""
import base64
import os
import tempfile
import time

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

from conftest import BASE_URL, PASSWORD
from test_invites import register_through_invitation
from test_journeys import follow, present, shot, sign_in, submit, wait_for_next_page

TINY_PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAACklEQVR4nGMAAQAABQABDQottAAAAABJRU5ErkJggg=="
)


def submit_confirming(browser, form):
    """Submits a form guarded by a confirm() and accepts the prompt."""
    html = browser.find_element(By.TAG_NAME, "html")
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    WebDriverWait(browser, 5).until(EC.alert_is_present()).accept()
    wait_for_next_page(browser, html)


def sign_in_as(browser, email, password=PASSWORD):
    browser.delete_all_cookies()
    browser.get(BASE_URL + "/login")
    form = browser.find_element(By.ID, "login-form")
    form.find_element(By.NAME, "email").send_keys(email)
    form.find_element(By.NAME, "password").send_keys(password)
    submit(browser, form)


def test_partner_journey(browser):
    stamp = int(time.time() * 1000)
    data_owner = f"data-owner-{stamp}@client.example"

    # Staff mark Northwind a partner and move it to Changemaker (whitelabel needs it).
    sign_in(browser, "staff")
    browser.get(BASE_URL + "/staff?query=Northwind")
    follow(browser, browser.find_element(By.CSS_SELECTOR, "a.staff-org-link"))
    flag = browser.find_element(By.ID, "partner-flag-form")
    if "Make partner" in flag.text:
        submit(browser, flag)
    assert "Clear partner flag" in browser.find_element(By.ID, "partner-flag-form").text
    tier_form = browser.find_element(By.CSS_SELECTOR, "form.tier-form")
    Select(tier_form.find_element(By.NAME, "tier")).select_by_value("changemaker")
    tier_form.find_element(By.NAME, "reason").send_keys("Signed the Changemaker plan")
    submit_confirming(browser, tier_form)
    shot(browser, "30-staff-org")

    # The partner's owner creates an external-client workspace with the three fields.
    sign_in_as(browser, "owner@demo.steward.test")
    follow(browser, browser.find_element(By.LINK_TEXT, "Northwind Research"))
    form = browser.find_element(By.ID, "create-workspace-form")
    form.find_element(By.NAME, "name").send_keys(f"City panels {stamp}")
    toggle = browser.find_element(By.ID, "external-client-toggle")
    if not toggle.is_selected():
        toggle.click()
    form.find_element(By.NAME, "clientOrgName").send_keys("City of Example")
    form.find_element(By.NAME, "dataOwnerEmail").send_keys(data_owner)
    form.find_element(By.NAME, "partnerAgreementAccepted").click()
    shot(browser, "31-create-external-client")
    submit(browser, form)
    assert "/w/" in browser.current_url, browser.current_url
    workspace_url = browser.current_url.split("?")[0]
    project_form = browser.find_element(By.ID, "create-project-form")
    project_form.find_element(By.NAME, "name").send_keys("Neighbourhood voices")
    submit(browser, project_form)
    project_url = browser.current_url.split("?")[0]
    project_id = project_url.rstrip("/").split("/")[-1]

    # Whitelabel: the client's logo.
    browser.get(workspace_url + "/settings")
    with tempfile.NamedTemporaryFile(suffix=".png", delete=False) as f:
        f.write(TINY_PNG)
    logo_form = browser.find_element(By.ID, "logo-form")
    logo_form.find_element(By.NAME, "logo").send_keys(f.name)
    submit(browser, logo_form)
    os.unlink(f.name)
    assert present(browser, "img[src$='/logo/shown'], img[src*='/logo']")
    shot(browser, "32-settings-with-logo")

    # The data owner's email arrives; they register through it.
    browser.delete_all_cookies()
    deadline = time.time() + 15
    while True:
        browser.get(BASE_URL + "/dev/mailbox")
        links = browser.find_elements(By.XPATH, f"//tr[contains(., '{data_owner}')]//a[contains(@class, 'mailbox-link')]")
        if links or time.time() > deadline:
            break
        time.sleep(0.5)
    assert links, "the data owner's invite reached the mailbox"
    follow(browser, links[0])
    assert "data owner" in browser.page_source
    follow(browser, browser.find_element(By.CSS_SELECTOR, "#mail-text a[href*='/invitations/']"))
    register_through_invitation(browser, "Dana Owner")
    browser.get(BASE_URL + "/workspaces")
    assert present(browser, ".data-owner-marker")
    shot(browser, "33-data-owner-marker")
    browser.get(project_url)
    assert not present(browser, "#ask-form")
    assert not present(browser, "#build-report-form")
    assert not present(browser, "[data-testid^='delete-']")
    shot(browser, "34-observer-project")

    # The owner upgrades the data owner to external.
    sign_in_as(browser, "owner@demo.steward.test")
    browser.get(workspace_url + "/members")
    row = browser.find_element(By.XPATH, f"//tr[contains(., '{data_owner}')]")
    role_form = row.find_element(By.CSS_SELECTOR, "form.role-form")
    Select(role_form.find_element(By.NAME, "role")).select_by_value("external")
    submit(browser, role_form)
    assert "external" in browser.find_element(By.XPATH, f"//tr[contains(., '{data_owner}')]").text.lower()
    shot(browser, "35-upgraded-to-external")

    # A participant contributes through the whitelabelled portal.
    browser.delete_all_cookies()
    browser.get(f"{BASE_URL}/p/{project_id}")
    assert present(browser, "img[src*='/logo']"), "the portal shows the client's logo"
    portal = browser.find_element(By.ID, "portal-form")
    portal.find_element(By.NAME, "participantName").send_keys("Pim")
    portal.find_element(By.NAME, "text").send_keys("The library should open on Sundays; the library is where we meet.")
    submit(browser, portal)
    assert "thank" in browser.page_source.lower()
    shot(browser, "36-portal-thanks")

    # Now external, the data owner asks and builds a report from it.
    sign_in_as(browser, data_owner, "a long enough password")
    browser.get(project_url)
    assert present(browser, "#ask-form") and present(browser, "#build-report-form")
    submit(browser, browser.find_element(By.ID, "build-report-form"))
    assert "library" in browser.page_source.lower()
    shot(browser, "37-external-builds-report")
