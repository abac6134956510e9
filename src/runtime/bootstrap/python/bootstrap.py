"""
Gatehouse's bootstrap for Lambda's Python runtimes (python3.9 ... python3.14): the program each Python
execution environment runs, with the standard library only. It loads the handler as Lambda's Python runtime
does (`pkg.module.function`, the task root first on sys.path, then the layer paths), then serves invocations
one at a time over the Lambda Runtime API (AWS_LAMBDA_RUNTIME_API): next invocation, response, error, init
error. What the function prints and logs is kept per invocation and travels in the same request as its
result (header Gatehouse-Log: "<init bytes> <invocation bytes> <max RSS MB>", the log bytes first in the
body), so it stays in order with the result and costs no extra round trip; a real Runtime API never sees it.

argv: the layer paths to put on sys.path after the task root.
"""
import sys

_BOOTSTRAP_FILE = __file__
# Not the bootstrap's folder: the handler's modules come from the task root, as on Lambda.
del sys.path[0]
_EXTRA_PATHS = sys.argv[1:]
sys.argv = [_BOOTSTRAP_FILE]

import decimal
import io
import json
import logging
import os
import resource
import socket
import time
import traceback

_API = os.environ["AWS_LAMBDA_RUNTIME_API"]
_TASK_ROOT = os.environ.get("LAMBDA_TASK_ROOT", os.getcwd())
_PREFIX = "/2018-06-01/runtime/"

_request_id = None
_log = []
_init_log = None


def _take_log():
    text = "".join(_log)
    del _log[:]
    return text


class _LogStream(io.TextIOBase):
    """sys.stdout and sys.stderr: what the function prints is its log, line for line, as on Lambda."""

    encoding = "utf-8"
    errors = "strict"

    def write(self, text):
        _log.append(text)
        return len(text)

    def writable(self):
        return True

    def flush(self):
        pass

    def isatty(self):
        return False


class _LambdaLogHandler(logging.Handler):
    """The root logger's handler: one entry per record, newlines inside it carriage returns."""

    def emit(self, record):
        try:
            text = self.format(record)
        except Exception:
            self.handleError(record)
            return
        _log.append(text.replace("\n", "\r") + "\n")


class _RequestIdFilter(logging.Filter):
    def filter(self, record):
        record.aws_request_id = _request_id
        return True


def _configure_logging():
    formatter = logging.Formatter("[%(levelname)s]\t%(asctime)s.%(msecs)03dZ\t%(aws_request_id)s\t%(message)s", "%Y-%m-%dT%H:%M:%S")
    formatter.converter = time.gmtime
    handler = _LambdaLogHandler()
    handler.setFormatter(formatter)
    handler.addFilter(_RequestIdFilter())
    logging.getLogger().addHandler(handler)


class _Head:
    """
    A response's status line and headers, each header looked up when asked for (by lower-case name) rather
    than all split into a dict: the few the bootstrap reads cost less than parsing the ~10 an event has.
    """

    __slots__ = ["text", "low"]

    def __init__(self, text):
        self.text = text
        self.low = text.lower()

    def get(self, name, default=None):
        key = "\r\n" + name + ":"
        i = self.low.find(key)
        if i < 0:
            return default
        i += len(key)
        j = self.text.find("\r\n", i)
        return (self.text[i:] if j < 0 else self.text[i:j]).strip()


class _Connection:
    """
    One kept-alive HTTP/1.1 connection to the Runtime API: two requests per invocation, kept cheap. Answers
    are read from one buffer (a head up to its blank line, then Content-Length bytes, see _Head): the server
    usually writes a result's 202 and the next event together. timeit, one send of both answers as Gatehouse
    writes them and both read: 12.8 us with a file object's readline per header line, 9.9 us this way.
    """

    def __init__(self, address):
        host, _, port = address.rpartition(":")
        self.address = (host, int(port))
        self.sock = None
        self.buf = bytearray()

    def _connect(self):
        self.sock = socket.create_connection(self.address)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def send(self, data):
        if self.sock is None:
            self._connect()
        self.sock.sendall(data)

    def _fill(self):
        data = self.sock.recv(65536)
        if not data:
            raise ConnectionError("the Runtime API closed the connection")
        self.buf += data

    def read_response(self):
        """(status, _Head, body bytes)."""
        buf = self.buf
        end = buf.find(b"\r\n\r\n")
        while end < 0:
            self._fill()
            end = buf.find(b"\r\n\r\n")
        head = _Head(buf[:end].decode("latin-1"))
        status = int(head.text.split(" ", 2)[1])
        start = end + 4
        length = int(head.get("content-length", "0"))
        if len(buf) - start >= length:
            body = bytes(buf[start:start + length])
            del buf[:start + length]
        else:
            # A large event: the rest of it is read straight into its own buffer.
            body = bytearray(length)
            have = len(buf) - start
            body[:have] = buf[start:]
            del buf[:]
            view = memoryview(body)
            while have < length:
                n = self.sock.recv_into(view[have:])
                if not n:
                    raise ConnectionError("the Runtime API closed the connection")
                have += n
            body = bytes(body)
        # Most answers have no "close" anywhere: no lookup then.
        if "close" in head.low and head.get("connection", "").lower() == "close":
            self.close()
        return status, head, body

    def close(self):
        if self.sock is not None:
            self.sock.close()
        self.sock = None
        del self.buf[:]


def _request(method, path, body=b"", headers=""):
    return (
        "%s %s%s HTTP/1.1\r\nHost: %s\r\nContent-Length: %d\r\n%s\r\n" % (method, _PREFIX, path, _API, len(body), headers)
    ).encode("latin-1") + body


def _with_log(path, body, content_type):
    """A POST carrying the log taken since the last one (the INIT part first, once) before its body."""
    global _init_log
    init = _init_log.encode("utf-8") if _init_log else b""
    _init_log = None
    log = _take_log().encode("utf-8") if _log else b""
    rss = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss + 1023) // 1024
    headers = "Content-Type: %s\r\nGatehouse-Log: %d %d %d\r\n" % (content_type, len(init), len(log), rss)
    return _request("POST", path, init + log + body, headers)


# The same bytes every time: made once.
_NEXT_REQUEST = _request("GET", "invocation/next")


def _make_error(message, error_type, stack_trace, request_id):
    return {"errorMessage": message, "errorType": error_type, "requestId": request_id, "stackTrace": stack_trace}


def _stack_trace(tb):
    """Lambda's stackTrace: traceback.format_list of the frames, those of the bootstrap left out."""
    frames = [(f.filename, f.lineno, f.name, f.line) for f in traceback.extract_tb(tb)]
    while frames and frames[0][0] == _BOOTSTRAP_FILE:
        frames.pop(0)
    return traceback.format_list(frames)


def _error_from(exc, request_id):
    return _make_error(str(exc), type(exc).__name__, _stack_trace(exc.__traceback__), request_id)


def _log_error(error):
    """The [ERROR] entry Lambda writes for an error: type, message, then the traceback, one entry."""
    lines = ["[ERROR] %s: %s" % (error["errorType"], error["errorMessage"]), "Traceback (most recent call last):"]
    for element in error["stackTrace"]:
        lines.extend(element.splitlines())
    _log.append("\r".join(lines) + "\n")


class _InitError(Exception):
    def __init__(self, error_type, message, stack_trace=None):
        Exception.__init__(self, message)
        self.error = _make_error(message, error_type, stack_trace or [], "")


def _load_handler(spec):
    try:
        module_name, function_name = spec.rsplit(".", 1)
    except ValueError as e:
        raise _InitError("Runtime.MalformedHandlerName", "Bad handler '%s': %s" % (spec, e))
    import importlib

    try:
        module = importlib.import_module(module_name.replace("/", "."))
    except ImportError as e:
        raise _InitError("Runtime.ImportModuleError", "Unable to import module '%s': %s" % (module_name, e))
    except SyntaxError as e:
        trace = ['  File "%s" Line %s\n        %s\n' % (e.filename, e.lineno, (e.text or "").strip())]
        raise _InitError("Runtime.UserCodeSyntaxError", "Syntax error in module '%s': %s" % (module_name, e), trace)
    handler = getattr(module, function_name, None)
    if handler is None:
        raise _InitError("Runtime.HandlerNotFound", "Handler '%s' missing on module '%s'" % (function_name, module_name))
    return handler


class CognitoIdentity:
    __slots__ = ["cognito_identity_id", "cognito_identity_pool_id"]

    def __init__(self, identity=None):
        identity = identity or {}
        self.cognito_identity_id = identity.get("cognitoIdentityId")
        self.cognito_identity_pool_id = identity.get("cognitoIdentityPoolId")

    def __repr__(self):
        return "CognitoIdentity([cognito_identity_id=%s,cognito_identity_pool_id=%s])" % (self.cognito_identity_id, self.cognito_identity_pool_id)


class Client:
    __slots__ = ["installation_id", "app_title", "app_version_name", "app_version_code", "app_package_name"]

    def __init__(self, client):
        self.installation_id = client.get("installation_id")
        self.app_title = client.get("app_title")
        self.app_version_name = client.get("app_version_name")
        self.app_version_code = client.get("app_version_code")
        self.app_package_name = client.get("app_package_name")


class ClientContext:
    __slots__ = ["custom", "env", "client"]

    def __init__(self, context):
        self.custom = context.get("custom")
        self.env = context.get("env")
        client = context.get("client")
        self.client = Client(client) if client is not None else None


def _json_header(value):
    if not value:
        return None
    try:
        return json.loads(value)
    except ValueError:
        return None


# Read once: os.environ.get encodes and decodes on each call (timeit: a LambdaContext took 6.0 us, now 0.7 us).
_CONTEXT_ENVIRONMENT = tuple(
    os.environ.get(name)
    for name in ("AWS_LAMBDA_LOG_GROUP_NAME", "AWS_LAMBDA_LOG_STREAM_NAME", "AWS_LAMBDA_FUNCTION_NAME", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "AWS_LAMBDA_FUNCTION_VERSION")
)


class LambdaContext:
    """The handler's context, with the attributes and methods of Lambda's Python runtime."""

    def __init__(self, request_id, deadline_ms, invoked_function_arn, identity, client_context):
        self.aws_request_id = request_id
        self.log_group_name, self.log_stream_name, self.function_name, self.memory_limit_in_mb, self.function_version = _CONTEXT_ENVIRONMENT
        self.invoked_function_arn = invoked_function_arn
        self.identity = CognitoIdentity(identity)
        self.client_context = ClientContext(client_context) if client_context else None
        self._deadline_ms = deadline_ms

    def get_remaining_time_in_millis(self):
        return max(self._deadline_ms - int(time.time() * 1000), 0)

    def log(self, message):
        _log.append(str(message))

    def __repr__(self):
        return (
            "LambdaContext([aws_request_id=%s,log_group_name=%s,log_stream_name=%s,function_name=%s,memory_limit_in_mb=%s,"
            "function_version=%s,invoked_function_arn=%s,client_context=%s,identity=%s])"
            % (self.aws_request_id, self.log_group_name, self.log_stream_name, self.function_name, self.memory_limit_in_mb,
               self.function_version, self.invoked_function_arn, self.client_context, self.identity)
        )


def _decimal(value):
    if isinstance(value, decimal.Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    raise TypeError("Object of type %s is not JSON serializable" % type(value).__name__)


# json.dumps(value, default=_decimal) with its encoder made once rather than per call (~1 us); the event is
# decoded as json.loads decodes UTF-8 bytes (a BOM dropped), without its encoding detection (~0.5 us).
_ENCODER = json.JSONEncoder(default=_decimal)
_DECODER = json.JSONDecoder()
_BOM = b"\xef\xbb\xbf"


def _limit_memory():
    """Lambda's memory setting bounds the process's data; past it allocations fail (MemoryError)."""
    try:
        limit = int(os.environ.get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "0")) << 20
        if limit > 0:
            resource.setrlimit(resource.RLIMIT_DATA, (limit, limit))
    except (ValueError, OSError):
        pass


def main():
    global _request_id, _init_log
    sys.path[0:0] = [_TASK_ROOT] + _EXTRA_PATHS
    sys.stdout = _LogStream()
    sys.stderr = _LogStream()
    _configure_logging()
    _limit_memory()
    connection = _Connection(_API)
    try:
        handler = _load_handler(os.environ.get("_HANDLER", ""))
    except _InitError as e:
        error = e.error
    except Exception as e:
        error = _error_from(e, "")
    else:
        error = None
    if error is not None:
        _log_error(error)
        connection.send(_with_log("init/error", json.dumps(error).encode("utf-8"), "application/vnd.aws.lambda.error+json"))
        connection.read_response()
        sys.exit(1)
    _init_log = _take_log()
    # Each answer goes out with the next request right behind it (HTTP pipelining): one write per invocation.
    pending = b""
    while True:
        connection.send(pending + _NEXT_REQUEST)
        if pending:
            connection.read_response()
            if connection.sock is None:
                # The Runtime API closed the connection after that answer (a 413 for a result past 6 MB, as
                # Lambda's does): the GET behind it went unread, so it goes again on a new connection.
                connection.send(_NEXT_REQUEST)
        status, headers, body = connection.read_response()
        if status != 200:
            raise SystemExit("the Runtime API answered %d to invocation/next" % status)
        request_id = headers.get("lambda-runtime-aws-request-id", "")
        _request_id = request_id
        try:
            deadline_ms = int(headers.get("lambda-runtime-deadline-ms", "0"))
        except ValueError:
            deadline_ms = 0
        context = LambdaContext(
            request_id,
            deadline_ms,
            headers.get("lambda-runtime-invoked-function-arn"),
            # Both start "lambda-runtime-c", and most events have neither.
            _json_header(headers.get("lambda-runtime-cognito-identity")) if "\r\nlambda-runtime-c" in headers.low else None,
            _json_header(headers.get("lambda-runtime-client-context")) if "\r\nlambda-runtime-c" in headers.low else None,
        )
        error = None
        try:
            value = handler(_DECODER.decode(body[3:].decode("utf-8") if body.startswith(_BOM) else body.decode("utf-8")), context)
        except MemoryError:
            # Out of memory: the environment ends, as Lambda's does (the invocation fails with the exit).
            os.kill(os.getpid(), 9)
        except Exception as e:
            error = _error_from(e, request_id)
        else:
            try:
                result = _ENCODER.encode(value).encode("utf-8")
            except (TypeError, ValueError) as e:
                error = _make_error("Unable to marshal response: %s" % e, "Runtime.MarshalError", [], request_id)
        if error is None:
            pending = _with_log("invocation/%s/response" % request_id, result, "application/json")
        else:
            _log_error(error)
            pending = _with_log("invocation/%s/error" % request_id, json.dumps(error).encode("utf-8"), "application/vnd.aws.lambda.error+json")


if __name__ == "__main__":
    main()
