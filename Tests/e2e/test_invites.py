"""Invite journeys: by email (read from the development mailbox) and by link."""
import time

from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select, WebDriverWait

from conftest import BASE_URL
from test_journeys import follow, open_demo_workspace, present, shot, sign_in, submit, wait_for_next_page


def open_members(browser):
    open_demo_workspace(browser)
    follow(browser, browser.find_element(By.LINK_TEXT, "Members"))


def open_invite_dialog(browser):
    browser.find_element(By.ID, "open-invite-dialog").click()
    WebDriverWait(browser, 5).until(lambda d: d.find_element(By.ID, "invite-dialog").is_displayed())
    browser.check_accessibility(within="#invite-dialog", label="the open invite dialog")


def register_through_invitation(browser, name, email=None):
    follow(browser, browser.find_element(By.ID, "invitation-register"))
    form = browser.find_element(By.ID, "register-form")
    form.find_element(By.NAME, "name").send_keys(name)
    if email is not None:
        form.find_element(By.NAME, "email").send_keys(email)
    form.find_element(By.NAME, "password").send_keys("a long enough password")
    submit(browser, form)


def test_owner_invites_a_new_address_who_registers_from_the_email(browser):
    address = f"newcomer-{int(time.time() * 1000)}@example.org"
    sign_in(browser, "owner")
    open_members(browser)
    open_invite_dialog(browser)
    shot(browser, "20-invite-dialog")
    form = browser.find_element(By.ID, "invite-email-form")
    form.find_element(By.NAME, "emails").send_keys(address)
    Select(form.find_element(By.NAME, "role")).select_by_value("member")
    submit(browser, form)
    results = browser.find_element(By.ID, "invite-results").text
    assert address in results and "invited" in results.lower(), results
    assert address in browser.find_element(By.ID, "pending-invites").text
    shot(browser, "21-invite-results")

    # The email, as a developer without SMTP reads it.
    browser.delete_all_cookies()
    deadline = time.time() + 15
    while True:
        browser.get(BASE_URL + "/dev/mailbox")
        links = browser.find_elements(By.XPATH, f"//tr[contains(., '{address}')]//a[contains(@class, 'mailbox-link')]")
        if links or time.time() > deadline:
            break
        time.sleep(0.5)
    assert links, "the invite email reached the development mailbox"
    follow(browser, links[0])
    shot(browser, "22-invite-email")
    invitation = browser.find_element(By.CSS_SELECTOR, "#mail-text a[href*='/invitations/']")
    follow(browser, invitation)
    assert "Citizen Panels" in browser.page_source
    shot(browser, "23-accept-page-signed-out")
    register_through_invitation(browser, "Nia Newcomer")
    assert "/w/" in browser.current_url, browser.current_url
    assert "Citizen Panels" in browser.page_source
    assert "Member" in browser.page_source
    shot(browser, "24-new-member-in-workspace")


def test_link_invite_lets_someone_join_as_member(browser):
    sign_in(browser, "owner")
    open_members(browser)
    open_invite_dialog(browser)
    form = browser.find_element(By.ID, "invite-link-form")
    Select(form.find_element(By.NAME, "role")).select_by_value("member")
    submit(browser, form)
    url = browser.find_element(By.ID, "created-invite-link").get_attribute("value")
    assert "/invitations/" in url, url
    shot(browser, "25-invite-link-created")

    browser.delete_all_cookies()
    browser.get(url)
    assert present(browser, "#invitation-register")
    address = f"linker-{int(time.time() * 1000)}@example.org"
    register_through_invitation(browser, "Lin Linker", email=address)
    assert "/w/" in browser.current_url, browser.current_url
    assert "Member" in browser.page_source
    shot(browser, "26-joined-by-link")


def test_a_used_up_or_unknown_invitation_shows_a_clear_page(browser):
    browser.get(BASE_URL + "/invitations/not-a-real-token")
    assert "find that" in browser.page_source
    assert not present(browser, "#register-form")


def active(browser):
    return browser.switch_to.active_element


def tab_until(browser, matches, limit=60, backwards=False):
    """Presses TAB (SHIFT+TAB with `backwards`) until the focused element satisfies `matches`;
    fails after `limit` presses. Returns the focused element."""
    for _ in range(limit):
        element = active(browser)
        if matches(element):
            return element
        if backwards:
            ActionChains(browser).key_down(Keys.SHIFT).send_keys(Keys.TAB).key_up(Keys.SHIFT).perform()
        else:
            ActionChains(browser).send_keys(Keys.TAB).perform()
    raise AssertionError(f"TAB did not reach the element in {limit} presses (focus is on {describe(active(browser))})")


def describe(element):
    return element.get_attribute("outerHTML")[:160]


def has_id(name):
    return lambda element: element.get_attribute("id") == name


def inside_dialog(browser):
    return browser.execute_script(
        "return document.getElementById('invite-dialog').contains(document.activeElement)"
    )


def test_keyboard_only_invite(browser):
    """The invite dialog by keyboard alone: TAB to the opener, ENTER, type, pick a role with the
    arrow keys, send with ENTER; ESC closes the dialog and gives focus back to the opener."""
    address = f"keyboard-{int(time.time() * 1000)}@example.org"
    sign_in(browser, "owner")
    open_members(browser)
    opener = tab_until(browser, has_id("open-invite-dialog"))
    ActionChains(browser).send_keys(Keys.ENTER).perform()
    dialog = browser.find_element(By.ID, "invite-dialog")
    WebDriverWait(browser, 5).until(lambda d: dialog.is_displayed())
    assert inside_dialog(browser), f"focus moved into the dialog, not to {describe(active(browser))}"
    browser.check_accessibility(within="#invite-dialog", label="the open invite dialog")

    # ESC closes it and focus returns to the button that opened it.
    ActionChains(browser).send_keys(Keys.ESCAPE).perform()
    WebDriverWait(browser, 5).until(lambda d: not dialog.is_displayed())
    assert active(browser) == opener, f"focus went back to the opener, not to {describe(active(browser))}"

    # Open it again and invite someone without the mouse.
    ActionChains(browser).send_keys(Keys.ENTER).perform()
    WebDriverWait(browser, 5).until(lambda d: dialog.is_displayed())
    tab_until(browser, has_id("invite-emails"), limit=20)
    ActionChains(browser).send_keys(address).perform()
    role = tab_until(browser, has_id("invite-role"), limit=5)
    first = Select(role).first_selected_option.get_attribute("value")
    ActionChains(browser).send_keys(Keys.ARROW_DOWN).perform()
    chosen = Select(role).first_selected_option.get_attribute("value")
    assert chosen != first, "the arrow key changed the role"
    shot(browser, "27-keyboard-invite-dialog")
    tab_until(browser, lambda e: e.get_attribute("type") == "submit" and "Send invites" in e.text, limit=5)
    html = browser.find_element(By.TAG_NAME, "html")
    ActionChains(browser).send_keys(Keys.ENTER).perform()
    wait_for_next_page(browser, html)
    results = browser.find_element(By.ID, "invite-results").text
    assert address in results, results
    assert address in browser.find_element(By.ID, "pending-invites").text
    shot(browser, "28-keyboard-invite-results")
