#!/usr/bin/env python3
"""A real SMTP server for tests: accepts mail and writes each message as a JSON file.

    smtp_sink.py --port 0 --out DIR [--host 127.0.0.1] [--auth USER:PASS [--auth-mechanisms LOGIN]]
                 [--tls starttls|implicit --cert CERT --key KEY] [--reject-rcpt ADDR]
                 [--no-ehlo] [--silent] [--exit-on-stdin-eof] [--max-seconds N] [--data-delay S]

The first line on stdout is the bound port. Each accepted message becomes DIR/message-N.json with
the envelope, the raw data and Python's own reading of it (the `email` package), so tests check
the client against an independent MIME parser.

aiosmtpd is used when it can be imported, unless SMTP_SINK_STDLIB=1; otherwise (and always for
--no-ehlo and --silent, which aiosmtpd cannot act out) a stdlib server does the same. The stdlib
server is the stricter one: it refuses bare LF, 8-bit data and lines over 1000 octets, as
RFC 5321 allows a server to.
"""

import argparse
import asyncio
import base64
import binascii
import email
import email.policy
import itertools
import json
import os
import re
import socketserver
import ssl
import sys
import threading
import time

MAX_LINE = 1000  # octets including CRLF (RFC 5321 4.5.3.1.6)


class Recorder:
    def __init__(self, out_dir, server_name):
        self.out_dir = out_dir
        self.server_name = server_name
        self.counter = itertools.count(1)
        self.lock = threading.Lock()

    def record(self, helo, mail_from, rcpt_tos, data, auth_user, tls):
        with self.lock:
            number = next(self.counter)
        record = {
            "server": self.server_name,
            "helo": helo,
            "mail_from": mail_from,
            "rcpt_tos": rcpt_tos,
            "auth_user": auth_user,
            "tls": tls,
            "data": data.decode("utf-8", errors="replace"),
            "parsed": parse_message(data),
        }
        path = os.path.join(self.out_dir, "message-%d.json" % number)
        # Written under another name first so a reader never sees half a file.
        with open(path + ".tmp", "w", encoding="utf-8") as handle:
            json.dump(record, handle, indent=2, ensure_ascii=False)
        os.replace(path + ".tmp", path)


def parse_message(data):
    message = email.message_from_bytes(data, policy=email.policy.default)
    parts = []
    defects = [repr(defect) for defect in message.defects]
    for part in message.walk():
        defects += [repr(defect) for defect in part.defects]
        if part.is_multipart():
            continue
        parts.append({
            "content_type": part.get_content_type(),
            "charset": part.get_content_charset(),
            "transfer_encoding": part.get("Content-Transfer-Encoding"),
            "content": part.get_content(),
        })
    return {
        "subject": str(message.get("Subject", "")),
        "from": str(message.get("From", "")),
        "to": str(message.get("To", "")),
        "date": str(message.get("Date", "")),
        "message_id": str(message.get("Message-ID", "")),
        "mime_version": str(message.get("MIME-Version", "")),
        "content_type": message.get_content_type(),
        "parts": parts,
        "defects": defects,
    }


def check_credentials(expected, user, password):
    return expected is not None and (user, password) == expected


# --- aiosmtpd -------------------------------------------------------------------------------


def start_aiosmtpd(args, recorder, tls_context, credentials):
    from aiosmtpd.controller import Controller
    from aiosmtpd.smtp import AuthResult

    class Handler:
        async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
            if args.reject_rcpt and address.lower() == args.reject_rcpt.lower():
                return "550 5.1.1 <%s>: no such mailbox here" % address
            envelope.rcpt_tos.append(address)
            return "250 OK"

        async def handle_DATA(self, server, session, envelope):
            tls = session.ssl is not None or server.transport.get_extra_info("ssl_object") is not None
            auth_user = None
            if session.auth_data is not None:
                auth_user = session.auth_data.login.decode("utf-8")
            recorder.record(session.host_name, envelope.mail_from, list(envelope.rcpt_tos),
                            envelope.original_content, auth_user, tls)
            if args.data_delay:
                await asyncio.sleep(args.data_delay)
            return "250 2.0.0 Message accepted"

    def authenticator(server, session, envelope, mechanism, auth_data):
        user = auth_data.login.decode("utf-8")
        password = auth_data.password.decode("utf-8")
        # handled=False: aiosmtpd then answers a failure with 535 itself instead of saying nothing.
        return AuthResult(success=check_credentials(credentials, user, password), handled=False, auth_data=auth_data)

    class PortZeroController(Controller):
        # Controller connects to self.port to check the server is up; with --port 0 that is the
        # port the system chose, known only once the server is listening.
        def _trigger_server(self):
            self.port = self.server.sockets[0].getsockname()[1]
            super()._trigger_server()

    options = {"hostname": args.host, "port": args.port, "server_hostname": "sink.test"}
    if credentials is not None:
        # With STARTTLS, aiosmtpd refuses AUTH before the upgrade, which checks the client's order. (It
        # cannot tell implicit TLS apart from none, so there it must allow AUTH "without" TLS.)
        options.update(authenticator=authenticator, auth_required=True, auth_require_tls=args.tls == "starttls",
                       auth_exclude_mechanism=[m for m in ("PLAIN", "LOGIN") if m not in args.auth_mechanisms])
    if tls_context is not None and args.tls == "starttls":
        options["tls_context"] = tls_context
    if tls_context is not None and args.tls == "implicit":
        options["ssl_context"] = tls_context
    controller = PortZeroController(Handler(), **options)
    controller.start()
    return controller.port, controller.stop


# --- stdlib ---------------------------------------------------------------------------------


class SMTPHandler(socketserver.StreamRequestHandler):
    # Set on the class by start_stdlib.
    args = None
    recorder = None
    tls_context = None
    credentials = None

    def setup(self):
        if self.args.tls == "implicit":
            self.request = self.tls_context.wrap_socket(self.request, server_side=True)
        super().setup()

    def reply(self, *lines):
        for index, line in enumerate(lines):
            code, text = line.split(" ", 1)
            separator = " " if index == len(lines) - 1 else "-"
            self.wfile.write(("%s%s%s\r\n" % (code, separator, text)).encode("ascii"))
        self.wfile.flush()

    def read_line(self):
        line = self.rfile.readline(MAX_LINE + 1)
        if not line:
            return None
        if len(line) > MAX_LINE:
            raise ProtocolError("500 5.5.2 Line too long")
        if not line.endswith(b"\r\n"):
            raise ProtocolError("500 5.5.2 Lines must end with CRLF")
        return line[:-2]

    def reset(self):
        self.mail_from = None
        self.rcpt_tos = []

    def handle(self):
        if self.args.silent:
            # Accepts and says nothing: a client must give up by itself.
            while self.rfile.read(1):
                pass
            return
        self.helo = None
        self.extended = False
        self.auth_user = None
        self.tls = self.args.tls == "implicit"
        self.reset()
        self.reply("220 sink.test ESMTP smtp_sink")
        while True:
            try:
                line = self.read_line()
                if line is None:
                    return
                if not self.command(line.decode("ascii")):
                    return
            except ProtocolError as error:
                self.reply(str(error))
            except UnicodeDecodeError:
                self.reply("500 5.5.2 Commands must be ASCII")

    def command(self, line):
        verb, _, argument = line.partition(" ")
        verb = verb.upper()
        if verb == "EHLO":
            if self.args.no_ehlo:
                self.reply("502 5.5.1 EHLO not implemented")
                return True
            if not argument:
                self.reply("501 5.5.4 Syntax: EHLO hostname")
                return True
            self.helo, self.extended = argument, True
            self.reset()
            extensions = ["250 sink.test greets %s" % argument, "250 SIZE 10485760"]
            if self.tls_context is not None and self.args.tls == "starttls" and not self.tls:
                extensions.append("250 STARTTLS")
            if self.credentials is not None and not self.needs_tls_first():
                extensions.append("250 AUTH " + " ".join(self.args.auth_mechanisms))
            extensions.append("250 HELP")
            self.reply(*extensions)
        elif verb == "HELO":
            if not argument:
                self.reply("501 5.5.4 Syntax: HELO hostname")
                return True
            self.helo, self.extended = argument, False
            self.reset()
            self.reply("250 sink.test")
        elif verb == "STARTTLS":
            if self.tls_context is None or self.args.tls != "starttls" or self.tls:
                self.reply("502 5.5.1 STARTTLS not available")
                return True
            self.reply("220 2.0.0 Ready to start TLS")
            self.request = self.tls_context.wrap_socket(self.request, server_side=True)
            self.rfile = self.request.makefile("rb")
            self.wfile = self.request.makefile("wb")
            # RFC 3207 4.2: the session starts over.
            self.tls, self.helo, self.extended, self.auth_user = True, None, False, None
            self.reset()
        elif verb == "AUTH":
            self.auth(argument)
        elif verb == "MAIL":
            match = re.fullmatch(r"FROM:<([^<>]*)>( .*)?", argument, re.IGNORECASE)
            if self.helo is None:
                self.reply("503 5.5.1 Say HELO or EHLO first")
            elif self.credentials is not None and self.auth_user is None:
                self.reply("530 5.7.0 Authentication required")
            elif self.mail_from is not None:
                self.reply("503 5.5.1 Sender already given")
            elif not match:
                self.reply("501 5.5.4 Syntax: MAIL FROM:<address>")
            else:
                self.mail_from = match.group(1)
                self.reply("250 2.1.0 OK")
        elif verb == "RCPT":
            match = re.fullmatch(r"TO:<([^<>]+)>( .*)?", argument, re.IGNORECASE)
            if self.mail_from is None:
                self.reply("503 5.5.1 Need MAIL first")
            elif not match:
                self.reply("501 5.5.4 Syntax: RCPT TO:<address>")
            elif self.args.reject_rcpt and match.group(1).lower() == self.args.reject_rcpt.lower():
                self.reply("550 5.1.1 <%s>: no such mailbox here" % match.group(1))
            else:
                self.rcpt_tos.append(match.group(1))
                self.reply("250 2.1.5 OK")
        elif verb == "DATA":
            if not self.rcpt_tos:
                self.reply("503 5.5.1 Need RCPT first")
                return True
            self.reply("354 End data with <CR><LF>.<CR><LF>")
            self.data()
        elif verb == "RSET":
            self.reset()
            self.reply("250 2.0.0 OK")
        elif verb == "NOOP":
            self.reply("250 2.0.0 OK")
        elif verb == "VRFY":
            self.reply("252 2.1.5 Cannot verify")
        elif verb == "QUIT":
            self.reply("221 2.0.0 Bye")
            return False
        else:
            self.reply("500 5.5.1 Command not recognized")
        return True

    def data(self):
        lines, problem = [], None
        while True:
            raw = self.rfile.readline(MAX_LINE + 1)
            if not raw:
                raise ConnectionError("connection closed during DATA")
            if raw == b".\r\n":
                break
            # Keep reading to the end of the data either way, then refuse it as a whole.
            if len(raw) > MAX_LINE:
                problem = problem or "500 5.5.2 Line too long"
                while not raw.endswith(b"\n"):
                    raw = self.rfile.readline(MAX_LINE + 1)
                continue
            if not raw.endswith(b"\r\n") or b"\r" in raw[:-2] or b"\n" in raw[:-2]:
                problem = problem or "500 5.5.2 Bare CR or LF in data"
            if any(byte > 127 for byte in raw):
                problem = problem or "554 5.6.0 8-bit data without 8BITMIME"
            lines.append(raw[1:] if raw.startswith(b".") else raw)
        if problem:
            self.reply(problem)
        else:
            self.recorder.record(self.helo, self.mail_from, list(self.rcpt_tos), b"".join(lines),
                                 self.auth_user, self.tls)
            if self.args.data_delay:
                time.sleep(self.args.data_delay)
            self.reply("250 2.0.0 Message accepted")
        self.reset()

    def auth(self, argument):
        if self.credentials is None or not self.extended:
            self.reply("502 5.5.1 AUTH not available")
            return
        if self.needs_tls_first():
            self.reply("538 5.7.11 Encryption required for requested authentication mechanism")
            return
        if self.auth_user is not None:
            self.reply("503 5.5.1 Already authenticated")
            return
        mechanism, _, initial = argument.partition(" ")
        try:
            if mechanism.upper() not in self.args.auth_mechanisms:
                self.reply("504 5.5.4 Unrecognized authentication type")
                return
            if mechanism.upper() == "PLAIN":
                response = initial or self.challenge("")
                if response is None:
                    return
                _, user, password = base64.b64decode(response, validate=True).decode("utf-8").split("\0")
            elif mechanism.upper() == "LOGIN":
                user = initial or self.challenge(base64.b64encode(b"Username:").decode())
                if user is None:
                    return
                user = base64.b64decode(user, validate=True).decode("utf-8")
                password = self.challenge(base64.b64encode(b"Password:").decode())
                if password is None:
                    return
                password = base64.b64decode(password, validate=True).decode("utf-8")
            else:
                self.reply("504 5.5.4 Unrecognized authentication type")
                return
        except (ValueError, binascii.Error, UnicodeDecodeError):
            self.reply("501 5.5.2 Cannot decode response")
            return
        if check_credentials(self.credentials, user, password):
            self.auth_user = user
            self.reply("235 2.7.0 Authentication successful")
        else:
            self.reply("535 5.7.8 Authentication credentials invalid")

    def needs_tls_first(self):
        # As aiosmtpd does: credentials only over an encrypted connection once STARTTLS is on offer.
        return self.args.tls == "starttls" and not self.tls

    def challenge(self, text):
        self.wfile.write(("334 %s\r\n" % text).encode("ascii"))
        self.wfile.flush()
        line = self.read_line()
        if line is None or line == b"*":
            self.reply("501 5.7.0 Authentication cancelled")
            return None
        return line.decode("ascii")


class ProtocolError(Exception):
    pass


class ThreadingServer(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


def start_stdlib(args, recorder, tls_context, credentials):
    handler = type("ConfiguredSMTPHandler", (SMTPHandler,), {
        "args": args, "recorder": recorder, "tls_context": tls_context, "credentials": credentials,
    })
    server = ThreadingServer((args.host, args.port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()

    def stop():
        server.shutdown()
        server.server_close()

    return server.server_address[1], stop


# --- main -----------------------------------------------------------------------------------


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--out", required=True, help="directory for the received messages")
    parser.add_argument("--auth", help="USER:PASS that clients must authenticate with")
    parser.add_argument("--auth-mechanisms", default="PLAIN,LOGIN", type=lambda text: text.upper().split(","),
                        help="the AUTH mechanisms to offer, of PLAIN and LOGIN")
    parser.add_argument("--tls", choices=["starttls", "implicit"])
    parser.add_argument("--cert")
    parser.add_argument("--key")
    parser.add_argument("--reject-rcpt", help="answer RCPT TO for this address with 550")
    parser.add_argument("--no-ehlo", action="store_true", help="answer EHLO with 502 (stdlib server)")
    parser.add_argument("--silent", action="store_true", help="accept connections, never answer (stdlib server)")
    parser.add_argument("--exit-on-stdin-eof", action="store_true",
                        help="stop when stdin closes, so a test that dies takes the sink with it")
    parser.add_argument("--max-seconds", type=float, default=300, help="stop after this long in any case")
    parser.add_argument("--data-delay", type=float, default=0,
                        help="keep the message, then wait this long before answering DATA (a slow server)")
    args = parser.parse_args()

    os.makedirs(args.out, exist_ok=True)
    tls_context = None
    if args.tls:
        if not (args.cert and args.key):
            parser.error("--tls needs --cert and --key")
        tls_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        tls_context.load_cert_chain(args.cert, args.key)
    credentials = tuple(args.auth.split(":", 1)) if args.auth else None

    use_aiosmtpd = os.environ.get("SMTP_SINK_STDLIB") != "1" and not (args.no_ehlo or args.silent)
    if use_aiosmtpd:
        try:
            import aiosmtpd.controller  # noqa: F401
        except ImportError:
            use_aiosmtpd = False
    recorder = Recorder(args.out, "aiosmtpd" if use_aiosmtpd else "stdlib")
    start = start_aiosmtpd if use_aiosmtpd else start_stdlib
    port, stop = start(args, recorder, tls_context, credentials)
    print(port, flush=True)
    print("smtp_sink: %s server on %s:%d" % (recorder.server_name, args.host, port), file=sys.stderr, flush=True)

    done = threading.Event()
    if args.exit_on_stdin_eof:
        def watch_stdin():
            while sys.stdin.buffer.read(4096):
                pass
            done.set()
        threading.Thread(target=watch_stdin, daemon=True).start()
    try:
        done.wait(args.max_seconds)
    except KeyboardInterrupt:
        pass
    finally:
        stop()


if __name__ == "__main__":
    main()
