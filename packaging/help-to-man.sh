#!/bin/sh
# Writes the ankiconnectd(1) man page from the binary's own --help and --version, so the page never
# says anything the binary does not:  help-to-man.sh BINARY OUT
set -eu
bin=$1
out=$2
version=$("$bin" --version | head -n 1)
help=$("$bin" --help)
# roff: a backslash is \e; a line starting with . or ' would be a request, \& disarms it.
escape() { sed -e 's/\\/\\e/g' -e "s/^\\([.']\\)/\\\\\\&\\1/"; }
{
  printf '.TH ANKICONNECTD 1 "" "%s" "User Commands"\n' "$version"
  printf '.SH NAME\nankiconnectd \\- the AnkiConnect API without Anki\n'
  printf '.SH SYNOPSIS\n.B ankiconnectd\n[\\fICOMMAND\\fR] [\\fIARGS\\fR...]\n'
  printf '.SH DESCRIPTION\n.nf\n'
  printf '%s\n' "$help" | escape
  printf '.fi\n'
  printf '.SH FILES\n.TP\n.I /etc/ankiconnectd/config.yaml\n'
  printf 'the configuration read by the systemd unit; every key is documented in\n'
  printf '.I config.yaml.example\nin the documentation folder.\n'
  printf '.TP\n.I /var/lib/ankiconnectd\nthe profiles (collections and media) under the systemd unit.\n'
  printf '.SH SEE ALSO\n.BR systemctl (1),\n.BR journalctl (1)\n'
} > "$out"
