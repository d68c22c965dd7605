"""aggcli: the command line of aggclient.py, shared by lesson 05's client
(sum, multiply, hello) and the full client in python-client/ (the streaming
rpcs too). It parses and checks the arguments, formats what a call returns,
and turns Ctrl-C into one line. The gRPC calls are not here: they are the
client's own.
"""

import argparse
import sys

import grpc

INT32_MIN, INT32_MAX = -(2**31), 2**31 - 1

# OPERATORS maps each arithmetic command to the sign it prints.
OPERATORS = {"sum": "+", "multiply": "*"}

MODES = ("blocking", "future", "aio")

# DEFAULTS holds the value of each option that the command line leaves out.
DEFAULTS = {"addr": "localhost:50051", "timeout": 5.0, "mode": "blocking", "cacert": None, "cert": None, "key": None}

# REFUSED is the line for the failure a learner meets most: nothing listens
# at the address. It gives the same advice as the Go client of lesson 04.
REFUSED = "UNAVAILABLE: connection refused: is the server running? try `go tool task serve`"


def describe(command, request, response):
    """Returns the line to print for a successful call: "3 + 4 = 7"."""
    if command == "hello":
        return response.reply
    return f"{request.value1} {OPERATORS[command]} {request.value2} = {response.value}"


def explain(err, describe_error):
    """Returns the line for a failed call: describe_error(err), or, when
    nothing listens at the address, what to do about it."""
    if err.code() == grpc.StatusCode.UNAVAILABLE and "connection refused" in (err.details() or "").lower():
        return REFUSED
    return describe_error(err)


def address(text):
    """Parses --addr: host:port, with a port from 1 to 65535. gRPC would
    take a bad port and call some other one, or fail later and less
    clearly; we refuse it before any call, in the Go client's words."""
    host, colon, port = text.rpartition(":")
    if not colon or not port:
        raise argparse.ArgumentTypeError(f'address "{text}" has no port; want host:port, such as localhost:50051')
    if not host:
        raise argparse.ArgumentTypeError(f'address "{text}" has no host; want host:port, such as localhost:50051')
    if not port.isdigit() or not 1 <= int(port) <= 65535:
        raise argparse.ArgumentTypeError(
            f'address "{text}" has port {port}; want a port from 1 to 65535, such as localhost:50051'
        )
    return text


def int32(text):
    """Parses a command-line operand that must fit in a protobuf int32."""
    try:
        n = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if not INT32_MIN <= n <= INT32_MAX:
        raise argparse.ArgumentTypeError(f"{n} does not fit in an int32 ({INT32_MIN} to {INT32_MAX})")
    return n


def seconds(text):
    """Parses --timeout: a positive number of seconds."""
    try:
        t = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds") from None
    if not t > 0:
        raise argparse.ArgumentTypeError(f"{text} is not a positive number of seconds")
    return t


def parse_args(argv, streaming=False, tls=False):
    """Parses the command line; on a mistake argparse prints usage and exits 2.
    With streaming, it takes the commands of the streaming rpcs too; with tls,
    the options --cacert, --cert and --key (see credentials)."""
    # The options work before or after the command (aggclient.py --mode aio
    # sum 3 4, or aggclient.py sum 3 4 --mode aio): both parsers take them.
    # Their default is SUPPRESS (leave the option out of the result), so that
    # the command's parser cannot overwrite an option given before the
    # command with a default; DEFAULTS fills in the ones never given.
    options = argparse.ArgumentParser(add_help=False)
    options.add_argument(
        "--addr", type=address, default=argparse.SUPPRESS, help="server address, host:port (default: localhost:50051)"
    )
    options.add_argument(
        "--timeout", type=seconds, default=argparse.SUPPRESS, help="deadline of the call, in seconds (default: 5)"
    )
    options.add_argument(
        "--mode", choices=MODES, default=argparse.SUPPRESS, help="how to make the call (default: blocking)"
    )
    if tls:
        options.add_argument(
            "--cacert", default=argparse.SUPPRESS, help="call over TLS, trusting the CA in this PEM file (.certs/ca.pem)"
        )
        options.add_argument(
            "--cert", default=argparse.SUPPRESS, help="mutual TLS: the client's PEM certificate (with --key and --cacert)"
        )
        options.add_argument("--key", default=argparse.SUPPRESS, help="mutual TLS: the PEM private key of --cert")
    rpcs = "sum, multiply, hello, or a streaming rpc" if streaming else "sum, multiply or hello"
    parser = argparse.ArgumentParser(
        prog="aggclient.py", description=f"Call the workshop's gRPC server: {rpcs}.", parents=[options]
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, verb in (("sum", "add"), ("multiply", "multiply")):
        p = commands.add_parser(name, parents=[options], help=f"{verb} two int32s")
        p.add_argument("a", type=int32, help="the left operand")
        p.add_argument("b", type=int32, help="the right operand")
    p = commands.add_parser("hello", parents=[options], help="send a greeting with SayHello")
    p.add_argument("greeting", nargs="?", default="hello", help="what to say (default: hello)")
    if streaming:
        p = commands.add_parser("replies", parents=[options], help="send a greeting with LotsOfReplies, get many replies")
        p.add_argument("greeting", nargs="?", default="hello", help="what to say (default: hello)")
        p = commands.add_parser("greetings", parents=[options], help="send many greetings with LotsOfGreetings, get one reply")
        p.add_argument("greetings", nargs="+", metavar="greeting", help="what to say, one greeting per argument")
        p = commands.add_parser("bidi", parents=[options], help="send many greetings with BidiHello, get many replies")
        p.add_argument("greetings", nargs="+", metavar="greeting", help="what to say, one greeting per argument")
        p.add_argument("--all", action="store_true", help="ask the server to answer after the last greeting")
    args = parser.parse_args(argv)
    for name, value in DEFAULTS.items():
        if not hasattr(args, name):
            setattr(args, name, value)
    if (args.cert is None) != (args.key is None) or (args.cert and not args.cacert):
        parser.error("--cert and --key go together, and with --cacert")
    if args.mode == "future" and args.command in ("replies", "bidi"):
        parser.error(f"--mode future needs a call with one response; {args.command} gets a stream: use blocking or aio")
    return args


def credentials(args):
    """Returns the TLS credentials that --cacert (and for mutual TLS, --cert
    and --key) ask for, with grpc.ssl_channel_credentials; None, for a
    plaintext channel, without --cacert. A file that cannot be read ends the
    program with status 2 and one line."""

    def read(option, path):
        try:
            with open(path, "rb") as f:
                return f.read()
        except OSError as err:
            print(f"aggclient: {option} {path}: {err.strerror} (go tool task certs writes .certs)", file=sys.stderr)
            sys.exit(2)

    if not args.cacert:
        return None
    return grpc.ssl_channel_credentials(
        root_certificates=read("--cacert", args.cacert),
        private_key=read("--key", args.key) if args.key else None,
        certificate_chain=read("--cert", args.cert) if args.cert else None,
    )


def run(main):
    """Runs main() and exits with its status. Ctrl-C prints one line and
    exits 130 (128 + SIGINT, as shells do), instead of a traceback; so does a
    function of lesson 05's starter that is still a TODO, with exit status 1."""
    try:
        status = main()
    except NotImplementedError as err:
        print(f"aggclient: {err} (aggclient.py)", file=sys.stderr)
        status = 1
    except KeyboardInterrupt:
        print("aggclient: interrupted", file=sys.stderr)
        status = 130
    sys.exit(status)
