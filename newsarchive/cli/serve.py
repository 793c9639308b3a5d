"""`newsarchive serve`: a static site folder (the demo site by default) on 127.0.0.1."""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from newsarchive.cli.common import Commands, Subparsers, error


def register(sub: Subparsers) -> Commands:
    serve = sub.add_parser("serve", help="serve a static site folder on 127.0.0.1")
    serve.add_argument("root", nargs="?", help="folder to serve (default: the demo site)")
    serve.add_argument("--port", type=int, default=0, help="port (default: any free one)")

    return {"serve": cmd_serve}


def cmd_serve(args: argparse.Namespace) -> int:
    from newsarchive.server import LocalSite, demo_site_root

    root = Path(args.root) if args.root else demo_site_root()
    try:
        site = LocalSite(root, port=args.port).start()
    except (FileNotFoundError, OSError) as exc:
        return error(str(exc))
    print(f"serving {root} on {site.url}/ (Ctrl-C to stop)", flush=True)
    try:
        while True:
            time.sleep(3600)
    finally:
        site.stop()
