"""The README's table "What the demo shows, and as whom", walked in a browser: one test per row,
signed in as that row's account, looking on the pages for what the row names (the HTTP version is
Tests/StewardServerTests/DemoStoryTests.swift).

It reads the demo as `steward demo` loads it, so it runs before the journeys that change the demo
(pytest takes the files in name order: test_accounts only creates its own account). Every page these
tests open is also checked by axe-core (conftest.py).
"""
from selenium.webdriver.common.by import By

from conftest import BASE_URL
from test_journeys import follow, present, shot, sign_in, submit

ORG = "Northwind Research"
PANELS = "Citizen Panels"
CLIENT_WORKSPACE = "City of Example · Resident Voices"
DOMAIN = "demo.steward.test"


# --- helpers ---------------------------------------------------------------------------------


def workspace_items(browser):
    """The workspaces list (/workspaces) as {name: (kind and visibility line, role badge text)}."""
    browser.get(BASE_URL + "/workspaces")
    items = {}
    for item in browser.find_elements(By.CSS_SELECTOR, ".org-group li.item"):
        name = item.find_element(By.CSS_SELECTOR, "a.workspace-link").text.strip()
        items[name] = (item.find_element(By.CSS_SELECTOR, ".item-meta").text, item.text)
    return items


def open_workspace(browser, name):
    browser.get(BASE_URL + "/workspaces")
    follow(browser, browser.find_element(By.XPATH, f"//a[contains(@class, 'workspace-link')][normalize-space()='{name}']"))
    assert "/w/" in browser.current_url, browser.current_url
    return browser.current_url.split("?")[0].split("#")[0].rstrip("/")


def tab(browser, label):
    follow(browser, browser.find_element(By.XPATH, f"//nav[contains(@class, 'tabs')]//a[normalize-space()='{label}']"))


def text_of(browser, css):
    return browser.find_element(By.CSS_SELECTOR, css).text


def member_row(browser, email):
    return browser.find_element(By.XPATH, f"//table[contains(@class, 'members-table')]//tr[contains(., '{email}')]").text


def previous_month(month):
    year, number = map(int, month.split("-"))
    return f"{year - 1}-12" if number == 1 else f"{year}-{number - 1:02d}"


def show_statement(browser, month):
    """Picks `month` (YYYY-MM) in the statement's month field and shows it."""
    form = browser.find_element(By.ID, "statement-month-form")
    browser.execute_script("arguments[0].value = arguments[1]", form.find_element(By.ID, "statement-month"), month)
    submit(browser, form)
    return text_of(browser, "#statement-total")


def no_billing(browser, workspace_url):
    """The workspace shows no Billing tab, and its billing page refuses."""
    browser.get(workspace_url)
    assert not present(browser, "#billing-tab")
    browser.get(workspace_url + "/billing")
    assert "does not show billing" in text_of(browser, "main"), text_of(browser, "main")


# --- one test per row of the README's table --------------------------------------------------


def test_owner_sees_five_workspaces_invites_report_ask_and_growing_statements(browser):
    """owner@: the organisation's five workspaces (open, external-client, invite-only, private,
    open); on Citizen Panels' members page a pending email invite and a live invite link; its
    project's published report and Ask; the billing tab's seats per month, and statements of 3, 4
    and 5 seats over the last three months."""
    sign_in(browser, "owner")
    workspaces = workspace_items(browser)
    expected = {
        PANELS: "Internal · Open to the organisation",
        CLIENT_WORKSPACE: "External client",
        "Leadership Interviews": "Invite-only",
        "Board Confidential": "Private",
        "Youth Panel": "Open to the organisation",
    }
    for name, kind in expected.items():
        assert name in workspaces, f"{name} listed: {sorted(workspaces)}"
        assert kind in workspaces[name][0], f"{name}: {workspaces[name][0]}"
    shot(browser, "60-demo-owner-workspaces")

    panels = open_workspace(browser, PANELS)
    tab(browser, "Members")
    assert f"new.researcher@{DOMAIN}" in text_of(browser, "#pending-invites"), "a pending email invite"
    links = browser.find_elements(By.CSS_SELECTOR, "#invite-links tbody tr")
    assert links, "a live invite link"
    assert "Member" in links[0].text and "Revoke" in links[0].text, links[0].text
    shot(browser, "61-demo-owner-members")

    tab(browser, "Projects")
    follow(browser, browser.find_element(By.CSS_SELECTOR, "a.project-link"))
    project = browser.current_url
    published = browser.find_elements(
        By.XPATH, "//li[.//*[contains(@class, 'badge-published')]]//a[contains(@class, 'report-link')]"
    )
    assert published, "a published report in the project's list"
    follow(browser, published[0])
    assert "Published" in browser.find_element(By.TAG_NAME, "h1").text
    shot(browser, "62-demo-owner-published-report")
    browser.get(project)
    form = browser.find_element(By.ID, "ask-form")
    form.find_element(By.NAME, "question").send_keys("What about the bus?")
    submit(browser, form)
    assert "bus" in text_of(browser, ".answer").lower()
    assert present(browser, ".citations a[href^='/conversations/']"), "the answer cites conversations"
    shot(browser, "63-demo-owner-ask")

    browser.get(panels)
    tab(browser, "Billing")
    assert present(browser, "#seat-chart svg"), "seats per month"
    seats = [
        r.find_element(By.TAG_NAME, "td").get_attribute("textContent").strip()
        for r in browser.find_elements(By.CSS_SELECTOR, "#seat-chart tbody tr")
    ]
    assert seats[-3:] == ["3", "4", "5"], f"paid seats over the last three months: {seats}"
    browser.execute_script("document.getElementById('seat-chart').scrollIntoView()")
    shot(browser, "64-demo-owner-billing")
    this_month = browser.find_element(By.ID, "statement-month").get_attribute("value")
    last_month = previous_month(this_month)
    totals = [show_statement(browser, m) for m in (previous_month(last_month), last_month, this_month)]
    assert totals == ["€60.00", "€80.00", "€100.00"], totals


def test_admin_sees_an_access_request_on_youth_panel(browser):
    """admin@: Youth Panel's members page, with an access request from Mia Member to approve or deny."""
    sign_in(browser, "admin")
    open_workspace(browser, "Youth Panel")
    tab(browser, "Members")
    requests = browser.find_element(By.ID, "access-requests")
    row = requests.find_element(By.XPATH, ".//tr[contains(., 'Mia Member')]")
    assert f"member@{DOMAIN}" in row.text
    buttons = [b.text for b in row.find_elements(By.CSS_SELECTOR, "button[type=submit]")]
    assert any(b.startswith("Approve") for b in buttons) and any(b.startswith("Deny") for b in buttons), buttons
    shot(browser, "65-demo-admin-access-request")


def test_member_sees_citizen_panels_and_youth_panel_requested(browser):
    """member@: a member's view: Citizen Panels, and Youth Panel marked as requested."""
    sign_in(browser, "member")
    workspaces = workspace_items(browser)
    assert list(workspaces) == [PANELS], f"only Citizen Panels to enter: {sorted(workspaces)}"
    assert "Member" in workspaces[PANELS][1]
    follow(browser, browser.find_element(By.LINK_TEXT, ORG))
    youth = browser.find_element(By.XPATH, "//li[contains(., 'Youth Panel')]")
    assert "Requested" in youth.text, youth.text
    assert "Board Confidential" not in text_of(browser, "main"), "a private workspace stays hidden"
    shot(browser, "66-demo-member-org")


def test_billing_sees_pooled_statements_seats_and_upgrade_requests(browser):
    """billing@: the organisation's billing: the pooled account's statements, seats per month and
    upgrade requests."""
    sign_in(browser, "billing")
    follow(browser, browser.find_element(By.LINK_TEXT, ORG))
    follow(browser, browser.find_element(By.ID, "org-billing-link"))
    accounts = text_of(browser, "#billing-accounts")
    assert "Pooled account" in accounts and "Client account" in accounts, accounts
    assert present(browser, "#upgrade-requests"), "the upgrade requests"
    shot(browser, "67-demo-billing-org-billing")
    pooled = browser.find_element(By.XPATH, "//li[contains(@class, 'billing-account-card')][.//h2[normalize-space()='Pooled account']]")
    follow(browser, pooled.find_element(By.CSS_SELECTOR, "a.account-statement-link"))
    assert "Pooled (organisation)" in text_of(browser, "#billing-account")
    assert text_of(browser, "#statement-total") == "€100.00"
    assert present(browser, "#seat-chart svg"), "seats per month"
    shot(browser, "68-demo-billing-pooled-statement")


def test_external_collaborator_has_a_paid_seat_and_no_billing(browser):
    """external@: a paid external collaborator in Citizen Panels, who sees no billing."""
    sign_in(browser, "external")
    workspaces = workspace_items(browser)
    assert list(workspaces) == [PANELS], sorted(workspaces)
    assert "External" in workspaces[PANELS][1]
    assert "Guest in this organisation" in text_of(browser, ".org-group")
    panels = open_workspace(browser, PANELS)
    tab(browser, "Members")
    row = member_row(browser, f"external@{DOMAIN}")
    assert "External" in row and "Paid seat" in row, row
    shot(browser, "69-demo-external-members")
    no_billing(browser, panels)


def test_client_is_the_observing_data_owner_with_the_clients_logo(browser):
    """client@: the client's data owner: a free observer in the external-client workspace, marked
    as its data owner, with the client's logo. (That the client's own account is on Changemaker,
    which an observer is not shown, is checked in the staff row.)"""
    sign_in(browser, "client")
    workspaces = workspace_items(browser)
    assert list(workspaces) == [CLIENT_WORKSPACE], sorted(workspaces)
    meta, item = workspaces[CLIENT_WORKSPACE]
    assert "External client" in meta and "Observer" in item, item
    assert "data owner" in text_of(browser, ".data-owner-marker"), "the data owner's marker"
    shot(browser, "70-demo-client-workspaces")
    workspace = open_workspace(browser, CLIENT_WORKSPACE)
    logo = browser.find_element(By.CSS_SELECTOR, "img.client-logo")
    assert logo.is_displayed()
    assert browser.execute_script("return arguments[0].complete && arguments[0].naturalWidth > 0", logo), "the logo loads"
    tab(browser, "Members")
    row = member_row(browser, f"client@{DOMAIN}")
    assert "Observer" in row and "Free" in row, row
    shot(browser, "71-demo-client-members")
    no_billing(browser, workspace)


def test_consultant_is_external_on_the_clients_own_billing_account(browser):
    """consultant@: an external consultant in the client workspace, paid on the client's own
    billing account (which the consultant is not shown: the workspace's owner sees it)."""
    sign_in(browser, "consultant")
    workspaces = workspace_items(browser)
    assert list(workspaces) == [CLIENT_WORKSPACE], sorted(workspaces)
    assert "External" in workspaces[CLIENT_WORKSPACE][1]
    workspace = open_workspace(browser, CLIENT_WORKSPACE)
    tab(browser, "Members")
    row = member_row(browser, f"consultant@{DOMAIN}")
    assert "External" in row and "Paid seat" in row, row
    shot(browser, "72-demo-consultant-members")
    no_billing(browser, workspace)

    browser.delete_all_cookies()
    sign_in(browser, "owner")
    browser.get(workspace + "/billing")
    assert "Own (external client)" in text_of(browser, "#billing-account")
    lines = {
        r.find_element(By.TAG_NAME, "th").text.strip().lower(): r.text
        for r in browser.find_elements(By.CSS_SELECTOR, "#statement tbody tr")
    }
    assert "external" in lines, f"the consultant's External seat is on this account: {lines}"
    shot(browser, "73-demo-client-account-as-owner")


def test_staff_see_partner_flag_tiers_referral_deal_and_handoff_preview(browser):
    """staff@: the staff console: organisations and the partner flag, tiers, the referral deal (20%
    discount for the client, 10% kickback to the agency) and the workspace handoff preview. Also the
    table's preamble: Northwind is a partner agency on Innovator, its client's account on Changemaker."""
    sign_in(browser, "staff")
    follow(browser, browser.find_element(By.ID, "staff-console-link"))
    row = browser.find_element(By.XPATH, f"//tr[contains(., '{ORG}')]")
    assert "Partner" in row.text and "Innovator" in row.text, row.text
    shot(browser, "74-demo-staff-orgs")
    follow(browser, row.find_element(By.CSS_SELECTOR, "a.staff-org-link"))
    assert "Clear partner flag" in text_of(browser, "#partner-flag-form"), "the partner flag is set"
    assert present(browser, "form.tier-form select[name=tier]"), "tiers"
    client = browser.find_element(By.XPATH, f"//li[contains(., '{CLIENT_WORKSPACE}')]")
    assert "tier Changemaker" in client.text, client.text
    shot(browser, "75-demo-staff-org")

    follow(browser, client.find_element(By.CSS_SELECTOR, "a.transfer-link"))
    form = browser.find_element(By.ID, "transfer-preview-form")
    name = form.find_element(By.NAME, "newOrgName")
    if not name.get_attribute("value"):
        name.send_keys("City of Example")
    submit(browser, form)
    preview = text_of(browser, "#transfer-preview")
    assert f"client@{DOMAIN}" in preview, preview
    assert present(browser, "#transfer-form"), "nothing blocks the handoff"
    shot(browser, "76-demo-staff-handoff-preview")

    follow(browser, browser.find_element(By.XPATH, "//nav[contains(@class, 'staff-nav')]//a[normalize-space()='Referral deals']"))
    deal = browser.find_element(By.XPATH, f"//li[contains(., '{ORG} → {CLIENT_WORKSPACE}')]").text
    assert "Kickback 10%" in deal and "discount 20%" in deal and "Active" in deal, deal
    shot(browser, "77-demo-staff-referral-deal")
