#!/usr/bin/env python3
"""Messaging benchmark: messages sent into a class or a whole school, and inbox reads.

Signs in demo accounts against a running `cartable serve --demo`, raises the school's
sending limits (so the benchmark measures delivery, not the rate limiter), and drives wrk
with one connection per sender. Every message goes through the whole send path: policy,
screening, limits, delivery to every inbox in one transaction, audit log.

Usage:
  docs/bench/messaging.py class  [--base URL] [--data DIR] [--database-url URL] [--seconds N]
  docs/bench/messaging.py school [...]
  docs/bench/messaging.py inbox  [...] [--fill N] [--read]

Senders need devices that are a day old (a device new to an account reaches at most sixty
people in its first day, and never a whole school): the script ages the senders' devices in
the database, then signs them in again with the same device cookie, as a teacher who has
used this computer before would be.
"""
import argparse
import csv
import http.cookiejar
import json
import os
import subprocess
import tempfile
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))


def accounts(data_dir, role, school=None):
    with open(os.path.join(data_dir, "demo-accounts.csv"), newline="") as f:
        rows = [r for r in csv.DictReader(f) if r["role"] == role]
    if school is not None:
        rows = [r for r in rows if r["school"] == school]
    return rows


class Client:
    """A browser-like client: keeps its cookies (session and device)."""

    def __init__(self, base):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def call(self, method, path, body=None):
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(self.base + path, data=data, method=method)
        if data is not None:
            request.add_header("Content-Type", "application/json")
        with self.opener.open(request) as response:
            text = response.read()
            return json.loads(text) if text else None

    def sign_in(self, row):
        return self.call("POST", "/api/v1/session", {"login": row["login"], "password": row["password"]})

    def cookie_header(self):
        return "; ".join(f"{c.name}={c.value}" for c in self.jar if c.name == "cartable_session")


def run_sql(args, *statements):
    """Runs statements on the server's database (PostgreSQL or the SQLite file)."""
    if args.database_url:
        for sql in statements:
            subprocess.run(["psql", args.database_url, "-q", "-c", sql], check=True)
    else:
        import sqlite3
        db = sqlite3.connect(os.path.join(args.data, "cartable.db"))
        for sql in statements:
            db.execute(sql)
        db.commit()
        db.close()


def age_devices(args):
    """Makes every recorded device look a day and an hour old."""
    run_sql(args, "UPDATE user_devices SET first_seen_at = first_seen_at - 90000")


def mark_read(args, readers):
    """Marks every message the readers received as read, as if each had opened them all:
    one mark per message, and the watermark a minute behind now, as the server keeps it."""
    ids = ", ".join(f"'{r}'" for r in readers)
    run_sql(
        args,
        "INSERT INTO inbox_marks (user_id, message_id, read_at, delivered_at) "
        "SELECT u.id, d.message_id, d.delivered_at, d.delivered_at FROM users u "
        "JOIN class_pupils cp ON cp.pupil_id = u.id JOIN deliveries d ON d.audience IN "
        "('user:' || u.id, 'class:' || cp.class_id, 'school:' || u.school_id) "
        f"WHERE u.id IN ({ids}) ON CONFLICT DO NOTHING",
        "INSERT INTO inbox_read_through (user_id, read_through) "
        f"SELECT id, {int(time.time()) - 60} FROM users WHERE id IN ({ids}) "
        "ON CONFLICT (user_id) DO UPDATE SET read_through = excluded.read_through",
    )


def open_limits(base, head_row):
    head = Client(base)
    me = head.sign_in(head_row)
    school = me["school_id"]
    policy = head.call("GET", f"/api/v1/schools/{school}/messaging/policy")
    for role in ("pupil", "parent", "teacher", "staff", "head"):
        policy["limits"][role] = {"messages_per_minute": 10_000_000, "recipients_per_hour": 10_000_000}
        policy["quiet_hours"][role] = None
    head.call("PUT", f"/api/v1/schools/{school}/messaging/policy", policy)
    return school


def known_device_clients(args, rows):
    """Clients signed in from devices their accounts have known for more than a day."""
    clients = []
    for row in rows:
        client = Client(args.base)
        client.sign_in(row)
        clients.append((client, row))
    age_devices(args)
    for client, row in clients:
        client.me = client.sign_in(row)  # a new session on the now day-old device
    return clients


def run_wrk(args, senders, path, method):
    """One wrk thread and connection per sender, each with its own cookie and body."""
    with tempfile.NamedTemporaryFile("w", suffix=".tsv", delete=False, encoding="utf-8") as f:
        for cookie, body in senders:
            f.write(f"{cookie}\t{body}\n")
    env = dict(os.environ, BENCH_SENDERS=f.name, BENCH_PATH=path, BENCH_METHOD=method)
    n = len(senders)
    command = ["wrk", f"-t{n}", f"-c{n}", f"-d{args.seconds}s", "--latency",
               "-s", os.path.join(HERE, "senders.lua"), args.base]
    print("$", " ".join(command))
    subprocess.run(command, env=env, check=True)
    os.unlink(f.name)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("scenario", choices=["class", "school", "inbox"])
    parser.add_argument("--base", default="http://127.0.0.1:8080")
    parser.add_argument("--data", default="cartable-data")
    parser.add_argument("--database-url")
    parser.add_argument("--seconds", type=int, default=15)
    parser.add_argument("--senders", type=int, default=10)
    parser.add_argument("--fill", type=int, default=2000,
                        help="inbox: messages sent to the readers' class before reading")
    parser.add_argument("--read", action="store_true",
                        help="inbox: every message the readers hold is read before reading")
    args = parser.parse_args()
    heads = accounts(args.data, "head")
    school_name = heads[0]["school"]
    school = open_limits(args.base, heads[0])
    senders = []
    if args.scenario == "class":
        teachers = accounts(args.data, "teacher", school_name)[: args.senders]
        for client, _ in known_device_clients(args, teachers):
            body = {"to": [f"class:{client.me['class_ids'][0]}"], "subject": "Devoirs pour jeudi",
                    "body": "Bonjour à tous, pensez à relire le chapitre 4 et à apporter votre cahier."}
            senders.append((client.cookie_header(), json.dumps(body, ensure_ascii=False)))
        run_wrk(args, senders, "/api/v1/messages", "POST")
    elif args.scenario == "school":
        adults = accounts(args.data, "head", school_name) + accounts(args.data, "staff", school_name)
        clients = known_device_clients(args, adults)
        for i in range(args.senders):
            client, row = clients[i % len(clients)]
            client.sign_in(row)  # one session per connection
            body = {"to": [f"school:{school}"], "subject": "Réunion parents-professeurs",
                    "body": "La réunion parents-professeurs aura lieu jeudi à 18h au CDI."}
            senders.append((client.cookie_header(), json.dumps(body, ensure_ascii=False)))
        run_wrk(args, senders, "/api/v1/messages", "POST")
    else:
        # Readers are pupils of one class, whose inboxes first receive --fill messages from
        # the head, so that each page is read from a mailbox of realistic size.
        pupils = accounts(args.data, "pupil", school_name)
        readers = [r for r in pupils if r["class"] == pupils[0]["class"]][: args.senders]
        reader_ids = []
        for row in readers:
            client = Client(args.base)
            me = client.sign_in(row)
            reader_ids.append(me["id"])
            senders.append((client.cookie_header(), ""))
        head, _ = known_device_clients(args, heads[:1])[0]
        for i in range(args.fill):
            head.call("POST", "/api/v1/messages", {
                "to": [f"class:{me['class_ids'][0]}"], "subject": f"Information n°{i + 1}",
                "body": "Le conseil de classe aura lieu mardi prochain à 17h30 en salle 12."})
        if args.read:
            mark_read(args, reader_ids)
            # A node trusts what it read about a reader (audiences, watermark) for ten
            # seconds; marks written behind its back are seen after that.
            time.sleep(11)
        run_wrk(args, senders, "/api/v1/messages?folder=inbox", "GET")


if __name__ == "__main__":
    main()
