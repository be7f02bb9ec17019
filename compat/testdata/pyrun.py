"""Runs a snippet under a specific CPython (3.9 / 3.13 from pyenv, or $PY39 / $PY313) and returns
its JSON output; shared by the gen_*.py fixture generators."""
import json
import os
import subprocess

PYTHONS = {
    'py39': os.environ.get('PY39', '/root/.pyenv/versions/3.9.18/bin/python'),
    'py313': os.environ.get('PY313', '/root/.pyenv/versions/3.13.0/bin/python'),
}


def run(flavour, code, payload):
    """Runs `code` under the flavour's interpreter with `payload` as JSON on stdin; returns its
    stdout parsed as JSON."""
    out = subprocess.run([PYTHONS[flavour], '-c', code], input=json.dumps(payload), capture_output=True,
                         text=True, check=True)
    return json.loads(out.stdout)
