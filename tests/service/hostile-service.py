#!/usr/bin/env python3
# hostile-service.py
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# A small invitation service that misbehaves on purpose, for the tests that prove a
# hostile or broken service cannot hurt the app. It speaks enough of
# docs/service-api.md to be synced against (templates, status changes, invites, the
# read of one invitation) and answers every API request the way its scenario says.
#
#   hostile-service.py [--scenario=NAME] [--tls=none|self-signed|expired] [--api-key=KEY]
#                      [--exit-with-stdin]
#
# It prints the port it listens on (one line) on standard output, then serves until
# it is killed. Only the Python standard library is used, and `openssl` for the
# certificates of --tls.
#
# Control endpoints (no API key; never part of the contract):
#   GET  /control/stats       {"requests": N, "paths": {"GET /v3/tests": N, ...},
#                              "bytesSent": N, "redirectTarget": [{"path": ..., "headers": {...}}]}
#   POST /control/scenario    body {"scenario": NAME}: answers from now on as NAME
#   POST /control/reset       forgets the counts
#
# Scenarios (every request under /v3/):
#   normal            a small well-behaved service
#   429-none          429 without Retry-After
#   429-zero          429, Retry-After: 0
#   429-negative      429, Retry-After: -5
#   429-garbage       429, Retry-After: abc
#   429-past          429, Retry-After: an HTTP date in the past
#   429-huge          429, Retry-After: 999999999
#   429-one           429, Retry-After: 1
#   endless-total     templates with totalCount 10^12, new ones on every page
#   growing-total     templates whose totalCount stays one page ahead of the reader
#   repeat-page       the same templates on every page, totalCount 10,000
#   oversized-page    150 templates in a page of 100
#   big-templates     ~40 MB of templates in one answer (with Content-Length)
#   big-chunked       the same, chunked, without Content-Length
#   huge-body         a 1 GB answer, with Content-Length, streamed
#   huge-chunked      an endless chunked answer (up to 1 GB)
#   huge-error        500 with a 1 GB body
#   slow-body         200, then one byte every 0.2 s for ever
#   html              200 with an HTML page
#   redirect          302 to the same path on another port, whose requests are recorded
#   deep              200 with an answer nested 100,000 levels deep

import argparse
import email.utils
import http.server
import json
import os
import shutil
import signal
import socket
import socketserver
import ssl
import subprocess
import sys
import tempfile
import threading
import time

SCENARIOS = [
    'normal', '429-none', '429-zero', '429-negative', '429-garbage', '429-past',
    '429-huge', '429-one', 'endless-total', 'growing-total', 'repeat-page',
    'oversized-page', 'big-templates', 'big-chunked', 'huge-body', 'huge-chunked',
    'huge-error', 'slow-body', 'html', 'redirect', 'deep',
]

GIB = 1024 * 1024 * 1024


class State:
    def __init__(self, scenario, api_key):
        self.lock = threading.Lock()
        self.scenario = scenario
        self.api_key = api_key
        self.redirect_port = None
        self.reset()

    def reset(self):
        with self.lock:
            self.requests = 0
            self.paths = {}
            self.bytes_sent = 0
            self.redirect_target = []

    def count(self, method, path):
        with self.lock:
            self.requests += 1
            key = method + ' ' + path
            self.paths[key] = self.paths.get(key, 0) + 1

    def sent(self, n):
        with self.lock:
            self.bytes_sent += n

    def stats(self):
        with self.lock:
            return {'scenario': self.scenario, 'requests': self.requests,
                    'paths': dict(self.paths), 'bytesSent': self.bytes_sent,
                    'redirectTarget': list(self.redirect_target)}


def template(test_id):
    return {'testId': test_id, 'testName': 'Template %d' % test_id, 'status': 'active',
            'interviewType': 'automated', 'duration': 60, 'invitationValidityInDays': 7}


def tests_page(tests, page_no, page_size, total):
    return {'result': {'tests': tests, 'pageNo': page_no, 'pageSize': page_size,
                       'totalCount': total}}


def query_of(path):
    query = {}
    if '?' in path:
        for part in path.split('?', 1)[1].split('&'):
            if '=' in part:
                key, value = part.split('=', 1)
                query[key] = value
    return query


def int_arg(query, name, default):
    try:
        return max(1, int(query.get(name, default)))
    except ValueError:
        return default


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = 'HTTP/1.1'
    server_version = 'HostileService/1'

    def log_message(self, format, *args):
        pass

    # Plumbing

    def state(self):
        return self.server.state

    def read_body(self):
        length = int(self.headers.get('Content-Length') or 0)
        return self.rfile.read(length) if length > 0 else b''

    def send_bytes(self, status, body, content_type='application/json', headers=None):
        self.send_response(status)
        self.send_header('Content-Type', content_type)
        self.send_header('Content-Length', str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.write(body)

    def send_json(self, status, value, headers=None):
        self.send_bytes(status, json.dumps(value).encode(), headers=headers)

    def write(self, data):
        self.wfile.write(data)
        self.state().sent(len(data))

    def write_chunk(self, data):
        self.write(b'%x\r\n%s\r\n' % (len(data), data))

    def stream(self, status, first, filler, length=None, content_type='application/json'):
        """Sends @first, then @filler again and again, up to 1 GB or until the reader
        goes away; with a Content-Length of @length when given, else chunked."""
        self.send_response(status)
        self.send_header('Content-Type', content_type)
        if length is not None:
            self.send_header('Content-Length', str(length))
        else:
            self.send_header('Transfer-Encoding', 'chunked')
        self.end_headers()
        sent = 0
        try:
            data = first
            while sent < GIB:
                if length is not None:
                    data = data[:length - sent]
                    if not data:
                        break
                    self.write(data)
                else:
                    self.write_chunk(data)
                sent += len(data)
                data = filler
            if length is None:
                self.write(b'0\r\n\r\n')
        except (BrokenPipeError, ConnectionResetError, ssl.SSLError, OSError):
            pass
        self.close_connection = True

    # Requests

    def do_GET(self):
        self.handle_any('GET')

    def do_POST(self):
        self.handle_any('POST')

    def handle_any(self, method):
        path = self.path.split('?', 1)[0]
        body = self.read_body()

        if self.server.is_redirect_target:
            self.redirect_target(method, path)
            return

        if path.startswith('/control/'):
            self.control(method, path, body)
            return

        self.state().count(method, path)

        if not path.startswith('/v3/'):
            self.send_json(404, {'statusCode': 404, 'message': 'Not found'})
            return

        key = self.state().api_key
        if key is not None and self.headers.get('X-API-KEY') != key:
            self.send_json(401, {'statusCode': 401,
                                 'message': 'API key not valid or Subscription expired'})
            return

        scenario = self.state().scenario
        handler = getattr(self, 'scenario_' + scenario.replace('-', '_'))
        handler(method, path, query_of(self.path))

    def redirect_target(self, method, path):
        state = self.state()
        with state.lock:
            state.redirect_target.append({'method': method, 'path': self.path,
                                          'headers': {k: v for k, v in self.headers.items()}})
        if path.startswith('/v3/tests'):
            self.send_json(200, tests_page([template(7001)], 1, 100, 1))
        else:
            self.send_json(200, {'result': {'testAttempts': [], 'pageNo': 1, 'pageSize': 500,
                                            'totalCount': 0}})

    def control(self, method, path, body):
        state = self.state()
        if method == 'GET' and path == '/control/stats':
            self.send_json(200, state.stats())
        elif method == 'POST' and path == '/control/scenario':
            scenario = json.loads(body or b'{}').get('scenario')
            if scenario not in SCENARIOS:
                self.send_json(400, {'message': 'unknown scenario'})
                return
            with state.lock:
                state.scenario = scenario
            self.send_json(200, state.stats())
        elif method == 'POST' and path == '/control/reset':
            state.reset()
            self.send_json(200, state.stats())
        else:
            self.send_json(404, {'message': 'unknown control endpoint'})

    # A well-behaved service, the base of every scenario

    def scenario_normal(self, method, path, query):
        if method == 'GET' and path == '/v3/tests':
            page_no = int_arg(query, 'pageNo', 1)
            page_size = int_arg(query, 'pageSize', 100)
            tests = [template(1001), template(1002)] if page_no == 1 else []
            self.send_json(200, tests_page(tests, page_no, page_size, 2))
        elif method == 'POST' and path == '/v3/candidates/testattempts':
            self.send_json(200, {'result': {'testAttempts': [], 'pageNo': int_arg(query, 'pageNo', 1),
                                            'pageSize': int_arg(query, 'pageSize', 500),
                                            'totalCount': 0}})
        elif method == 'POST' and path.startswith('/v3/tests/') and path.endswith('/invite'):
            self.send_json(201, {'testInvitationId': 555001, 'testUrl': 'https://invites.example/i/1',
                                 'status': 'Pending'})
        else:
            self.send_json(404, {'statusCode': 404, 'message': 'Unknown invitation'})

    # Rate limiting

    def too_many(self, retry_after):
        headers = {} if retry_after is None else {'Retry-After': retry_after}
        self.send_json(429, {'statusCode': 429, 'message': 'Too many requests'}, headers)

    def scenario_429_none(self, method, path, query):
        self.too_many(None)

    def scenario_429_zero(self, method, path, query):
        self.too_many('0')

    def scenario_429_negative(self, method, path, query):
        self.too_many('-5')

    def scenario_429_garbage(self, method, path, query):
        self.too_many('abc')

    def scenario_429_past(self, method, path, query):
        self.too_many(email.utils.formatdate(time.time() - 3600, usegmt=True))

    def scenario_429_huge(self, method, path, query):
        self.too_many('999999999')

    def scenario_429_one(self, method, path, query):
        self.too_many('1')

    # Paging

    def paged_templates(self, method, path, query, make_page):
        if method == 'GET' and path == '/v3/tests':
            page_no = int_arg(query, 'pageNo', 1)
            page_size = int_arg(query, 'pageSize', 100)
            tests, total = make_page(page_no, page_size)
            self.send_json(200, tests_page(tests, page_no, page_size, total))
        else:
            self.scenario_normal(method, path, query)

    def scenario_endless_total(self, method, path, query):
        self.paged_templates(method, path, query, lambda no, size: (
            [template(no * size + i + 1) for i in range(size)], 10 ** 12))

    def scenario_growing_total(self, method, path, query):
        self.paged_templates(method, path, query, lambda no, size: (
            [template(no * size + i + 1) for i in range(size)], (no + 1) * size))

    def scenario_repeat_page(self, method, path, query):
        self.paged_templates(method, path, query, lambda no, size: (
            [template(i + 1) for i in range(size)], 10000))

    def scenario_oversized_page(self, method, path, query):
        self.paged_templates(method, path, query, lambda no, size: (
            [template(no * 1000 + i + 1) for i in range(size + 50)], 10 * size))

    # Size

    def big_templates(self):
        # ~40 MB: templates with long names, enough of them to pass any limit.
        name = 'x' * 4000
        one = json.dumps(dict(template(1), testName=name)).encode()
        count = (40 * 1024 * 1024) // len(one)
        entries = b','.join(one.replace(b'"testId": 1,', b'"testId": %d,' % (i + 1))
                            for i in range(count))
        return (b'{"result": {"tests": [' + entries +
                b'], "pageNo": 1, "pageSize": 100, "totalCount": 1000000000000}}')

    def scenario_big_templates(self, method, path, query):
        if method == 'GET' and path == '/v3/tests':
            body = self.big_templates()
            try:
                self.send_bytes(200, body)
            except (BrokenPipeError, ConnectionResetError, ssl.SSLError, OSError):
                self.close_connection = True
        else:
            self.scenario_normal(method, path, query)

    def scenario_big_chunked(self, method, path, query):
        if method == 'GET' and path == '/v3/tests':
            body = self.big_templates()
            self.send_response(200)
            self.send_header('Content-Type', 'application/json')
            self.send_header('Transfer-Encoding', 'chunked')
            self.end_headers()
            try:
                for start in range(0, len(body), 65536):
                    self.write_chunk(body[start:start + 65536])
                self.write(b'0\r\n\r\n')
            except (BrokenPipeError, ConnectionResetError, ssl.SSLError, OSError):
                self.close_connection = True
        else:
            self.scenario_normal(method, path, query)

    FILLER = (b'{"testId": 1, "testName": "' + b'y' * 65000 + b'"},')

    def scenario_huge_body(self, method, path, query):
        self.stream(200, b'{"result": {"tests": [', self.FILLER, length=GIB)

    def scenario_huge_chunked(self, method, path, query):
        self.stream(200, b'{"result": {"tests": [', self.FILLER)

    def scenario_huge_error(self, method, path, query):
        self.stream(500, b'{"statusCode": 500, "message": "', b'z' * 65536, length=GIB)

    def scenario_slow_body(self, method, path, query):
        self.send_response(200)
        self.send_header('Content-Type', 'application/json')
        self.send_header('Transfer-Encoding', 'chunked')
        self.end_headers()
        try:
            self.write_chunk(b'{"result": {"tests": [')
            while True:
                time.sleep(0.2)
                self.write_chunk(b' ')
        except (BrokenPipeError, ConnectionResetError, ssl.SSLError, OSError):
            self.close_connection = True

    # Not the service's answers

    def scenario_html(self, method, path, query):
        self.send_bytes(200, b'<!DOCTYPE html><html><head><title>Sign in</title></head>'
                        b'<body><form>Sign in to continue</form></body></html>',
                        content_type='text/html; charset=utf-8')

    def scenario_redirect(self, method, path, query):
        location = 'http://127.0.0.1:%d%s' % (self.state().redirect_port, self.path)
        self.send_bytes(302, b'', headers={'Location': location})

    def scenario_deep(self, method, path, query):
        depth = 100000
        self.send_bytes(200, b'{"result": ' + b'[' * depth + b']' * depth + b'}')


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address, state, is_redirect_target=False):
        super().__init__(address, Handler)
        self.state = state
        self.is_redirect_target = is_redirect_target


def make_certificate(directory, kind):
    key = os.path.join(directory, 'key.pem')
    cert = os.path.join(directory, 'cert.pem')
    common = ['-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1']
    if kind == 'self-signed':
        subprocess.run(['openssl', 'req', '-x509', '-newkey', 'ec', '-pkeyopt',
                        'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', key, '-out', cert,
                        '-days', '30'] + common, check=True, capture_output=True)
    else:
        # Valid until a day before it was made.
        csr = os.path.join(directory, 'request.pem')
        subprocess.run(['openssl', 'req', '-new', '-newkey', 'ec', '-pkeyopt',
                        'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', key, '-out', csr]
                       + common, check=True, capture_output=True)
        subprocess.run(['openssl', 'x509', '-req', '-in', csr, '-signkey', key, '-days', '-1',
                        '-out', cert], check=True, capture_output=True)
    return cert, key


def main():
    parser = argparse.ArgumentParser(description='A hostile invitation service for tests')
    parser.add_argument('--scenario', default='normal', choices=SCENARIOS)
    parser.add_argument('--tls', default='none', choices=['none', 'self-signed', 'expired'])
    parser.add_argument('--api-key', default=None)
    parser.add_argument('--exit-with-stdin', action='store_true',
                        help='exit when standard input is closed')
    args = parser.parse_args()

    state = State(args.scenario, args.api_key)

    target = Server(('127.0.0.1', 0), state, is_redirect_target=True)
    state.redirect_port = target.server_address[1]
    threading.Thread(target=target.serve_forever, daemon=True).start()

    server = Server(('127.0.0.1', 0), state)
    directory = None
    if args.tls != 'none':
        directory = tempfile.mkdtemp(prefix='hostile-service-')
        cert, key = make_certificate(directory, args.tls)
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(cert, key)
        # The handshake happens in the request's thread, not in accept().
        server.socket = context.wrap_socket(server.socket, server_side=True,
                                            do_handshake_on_connect=False)

    def leave(*ignored):
        if directory is not None:
            shutil.rmtree(directory, ignore_errors=True)
        os._exit(0)

    # Stopped with SIGTERM by the tests: the certificates go too.
    signal.signal(signal.SIGTERM, leave)

    # Ends with the test that started it, even one that crashed: its standard input
    # is a pipe from the test.
    if args.exit_with_stdin:
        def watch_stdin():
            while sys.stdin.buffer.read(4096):
                pass
            leave()
        threading.Thread(target=watch_stdin, daemon=True).start()

    print(server.server_address[1], flush=True)
    try:
        server.serve_forever()
    finally:
        leave()


if __name__ == '__main__':
    main()
