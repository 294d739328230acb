"""Account security journey: register, verify the address from a real email, two-factor sign-in,
API tokens and a password reset.

The emails are read from the SMTP sink that .ci/run starts (Tests/support/smtp_sink.py writes each
message it receives as SMTP_SINK_DIR/message-N.json). Two-factor codes are computed here from the
secret the setup page shows (RFC 6238), so the test needs no authenticator app.
"""
import base64
import hashlib
import hmac
import json
import pathlib
import re
import struct
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from conftest import BASE_URL, SMTP_SINK_DIR
from test_journeys import follow, present, shot, submit, wait_for_next_page

MAIL_WAIT_SECONDS = 20
TOTP_PERIOD = 30


# --- the SMTP sink ---------------------------------------------------------------------------


def wait_for_mail(address, subject_pattern, skip=()):
    """The first message to `address` whose subject matches `subject_pattern` (a regex, case
    ignored), other than the files in `skip`. Returns (path, message) or fails after a while."""
    deadline = time.time() + MAIL_WAIT_SECONDS
    while True:
        for path in sorted(pathlib.Path(SMTP_SINK_DIR).glob("message-*.json"), key=lambda p: int(p.stem.split("-")[1])):
            if path in skip:
                continue
            message = json.loads(path.read_text(encoding="utf-8"))
            recipients = [r.lower() for r in message["rcpt_tos"]]
            if address.lower() in recipients and re.search(subject_pattern, message["parsed"]["subject"], re.I):
                return path, message
        if time.time() > deadline:
            raise AssertionError(f"no email to {address} with a subject like {subject_pattern!r} in {SMTP_SINK_DIR}")
        time.sleep(0.5)


def link_in(message, path_pattern):
    """The first link in the plain-text part whose path matches `path_pattern`, on our server."""
    text = "\n".join(p["content"] for p in message["parsed"]["parts"] if p["content_type"] == "text/plain")
    match = re.search(r"https?://[^\s\"'<>]+" + path_pattern, text)
    assert match, f"no link like {path_pattern!r} in:\n{text}"
    return on_server(match.group(0))


def on_server(url):
    """`url` with the origin of the server under test (emails use STEWARD_BASE_URL, which CI sets to
    the same address, but the journey should not depend on it)."""
    base = urllib.parse.urlsplit(BASE_URL)
    return urllib.parse.urlunsplit(urllib.parse.urlsplit(url)._replace(scheme=base.scheme, netloc=base.netloc))


# --- two-factor codes ------------------------------------------------------------------------


def totp(secret, step):
    """RFC 6238 with the defaults authenticator apps use: HMAC-SHA1, 30 s steps, 6 digits."""
    secret = re.sub(r"\s", "", secret).upper().rstrip("=")
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    digest = hmac.new(key, struct.pack(">Q", step), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    number = struct.unpack(">I", digest[offset:offset + 4])[0] & 0x7FFFFFFF
    return f"{number % 1_000_000:06d}"


class Authenticator:
    """Hands out codes the way a person would type them: never twice for the same time step (the
    server refuses a reused step), and not in the last seconds of a step."""

    def __init__(self, secret):
        self.secret = secret
        self.last_step = None

    def code(self):
        while True:
            now = time.time()
            step = int(now // TOTP_PERIOD)
            fresh = self.last_step is None or step > self.last_step
            if fresh and now - step * TOTP_PERIOD < TOTP_PERIOD - 3:
                break
            time.sleep((step + 1) * TOTP_PERIOD - now + 0.1)
        self.last_step = step
        return totp(self.secret, step)


# --- pages -----------------------------------------------------------------------------------


def path_of(driver):
    return urllib.parse.urlsplit(driver.current_url).path.rstrip("/") or "/"


def fill(form, **fields):
    for name, value in fields.items():
        field = form.find_element(By.NAME, name)
        field.clear()
        field.send_keys(value)


def sign_out(browser):
    """The header's sign-out form."""
    submit(browser, browser.find_element(By.CSS_SELECTOR, "#logout-form, .site-header form[action$='/logout']"))
    assert path_of(browser) == "/login", browser.current_url


def sign_in_with_two_factor(browser, email, password, authenticator, screenshot=None):
    browser.get(BASE_URL + "/login")
    form = browser.find_element(By.ID, "login-form")
    fill(form, email=email, password=password)
    submit(browser, form)
    assert path_of(browser) == "/login/two-factor", browser.current_url
    form = browser.find_element(By.ID, "two-factor-form")
    fill(form, code=authenticator.code())
    if screenshot:
        shot(browser, screenshot)
    submit(browser, form)
    assert path_of(browser) == "/workspaces", browser.current_url


def press(browser, control):
    """Follows a link or submits a form (or the form a button belongs to)."""
    if control.tag_name == "form":
        submit(browser, control)
    else:
        follow(browser, control)


def submit_maybe_confirming(browser, form):
    """Submits a form that may ask confirm() first, accepting the prompt if there is one."""
    html = browser.find_element(By.TAG_NAME, "html")
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    try:
        WebDriverWait(browser, 1).until(EC.alert_is_present()).accept()
    except TimeoutException:
        pass
    wait_for_next_page(browser, html)


def revoke_form_for(section, name):
    """The revoke form in the row that shows `name`: the form whose nearest ancestor mentioning the
    name holds no other revoke form (whatever the rows are made of: tr, li or div)."""
    for form in section.find_elements(By.CSS_SELECTOR, "form.revoke-session"):
        row = form.find_element(By.XPATH, f"ancestor::*[contains(., '{name}')][1]")
        if len(row.find_elements(By.CSS_SELECTOR, "form.revoke-session")) == 1:
            return form
    raise AssertionError(f"no revoke form next to {name!r} in:\n{section.text}")


def api_me(token):
    """GET /api/v1/me with a bearer token: (status, JSON body or None)."""
    request = urllib.request.Request(
        BASE_URL + "/api/v1/me", headers={"Authorization": f"Bearer {token}", "Accept": "application/json"}
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.load(response)
    except urllib.error.HTTPError as error:
        return error.code, None


# --- the journey -----------------------------------------------------------------------------


@pytest.mark.skipif(not SMTP_SINK_DIR, reason="needs SMTP_SINK_DIR (the SMTP sink .ci/run starts)")
def test_account_security_journey(browser):
    stamp = int(time.time() * 1000)
    email = f"account-{stamp}@example.org"
    password = "a long enough password"
    new_password = "another long passphrase"
    token_name = f"journey-{stamp}"

    # Register: signed in straight away, with a reminder to verify the address.
    browser.get(BASE_URL + "/register")
    form = browser.find_element(By.ID, "register-form")
    fill(form, name="Ada Account", email=email, password=password)
    shot(browser, "40-register")
    submit(browser, form)
    assert path_of(browser) == "/workspaces", browser.current_url
    assert "verify" in browser.find_element(By.ID, "verify-banner").text.lower()
    shot(browser, "41-verify-banner")

    # Verify the address from the email the server sent over SMTP.
    _, verification = wait_for_mail(email, r"verif|confirm your email")
    browser.get(link_in(verification, r"/verify-email/[A-Za-z0-9_-]+"))
    assert "verified" in browser.find_element(By.ID, "verify-result").text.lower()
    shot(browser, "42-email-verified")
    browser.get(BASE_URL + "/workspaces")
    assert not present(browser, "#verify-banner")

    # The account page, from the header.
    follow(browser, browser.find_element(By.ID, "account-link"))
    assert path_of(browser) == "/account", browser.current_url
    for section in ("#profile", "#email", "#password", "#two-factor", "#sessions", "#tokens"):
        assert present(browser, section), f"the account page has {section}"
    shot(browser, "43-account")

    # Two-factor: scan (read) the secret, confirm with a code, get recovery codes.
    press(browser, browser.find_element(By.CSS_SELECTOR, "#two-factor #enable-two-factor"))
    assert path_of(browser) == "/account/two-factor", browser.current_url
    assert present(browser, "#two-factor-qr svg")
    secret_element = browser.find_element(By.ID, "two-factor-secret")
    secret = (secret_element.text or secret_element.get_attribute("value") or "").strip()
    assert re.fullmatch(r"[A-Z2-7=\s]+", secret.upper()), secret
    authenticator = Authenticator(secret)
    shot(browser, "44-two-factor-setup")
    form = browser.find_element(By.ID, "two-factor-confirm-form")
    fill(form, code=authenticator.code())
    submit(browser, form)
    codes = browser.find_elements(By.CSS_SELECTOR, "#recovery-codes li")
    assert len(codes) == 10, browser.find_element(By.ID, "recovery-codes").text
    shot(browser, "45-recovery-codes")

    # Signing in now asks for a code after the password.
    sign_out(browser)
    sign_in_with_two_factor(browser, email, password, authenticator, screenshot="46-two-factor-sign-in")

    # An API token works until it is revoked.
    browser.get(BASE_URL + "/account")
    form = browser.find_element(By.ID, "new-token-form")
    fill(form, name=token_name)
    submit(browser, form)
    token = browser.find_element(By.ID, "created-token").get_attribute("value")
    assert token, "the new token is shown once"
    shot(browser, "47-token-created")
    status, me = api_me(token)
    assert status == 200, status
    assert me["email"] == email, me
    assert me["emailVerified"] is True, me
    assert me["twoFactorEnabled"] is True, me
    submit_maybe_confirming(browser, revoke_form_for(browser.find_element(By.ID, "tokens"), token_name))
    shot(browser, "48-token-revoked")
    status, _ = api_me(token)
    assert status == 401, status

    # Forgotten password: request a link, set a new password from the email.
    sign_out(browser)
    follow(browser, browser.find_element(By.ID, "forgot-password"))
    assert path_of(browser) == "/reset-password", browser.current_url
    form = browser.find_element(By.ID, "reset-request-form")
    fill(form, email=email)
    submit(browser, form)
    assert present(browser, "#reset-requested")
    shot(browser, "49-reset-requested")
    reset_file, reset = wait_for_mail(email, r"reset")
    browser.get(link_in(reset, r"/reset-password/[A-Za-z0-9_-]+"))
    form = browser.find_element(By.ID, "reset-password-form")
    for field in form.find_elements(By.CSS_SELECTOR, "input[type=password]"):  # with a confirmation, if any
        field.send_keys(new_password)
    shot(browser, "50-reset-password")
    submit(browser, form)
    assert path_of(browser) == "/login", browser.current_url
    assert present(browser, ".flash"), "a notice says the password changed"
    shot(browser, "51-password-reset-notice")
    sign_in_with_two_factor(browser, email, new_password, authenticator)
    shot(browser, "52-signed-in-with-new-password")
    wait_for_mail(email, r"password", skip={reset_file})
