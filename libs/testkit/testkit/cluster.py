"""The engines production runs on, on this machine: a three-node RabbitMQ cluster and a
PostgreSQL primary with a synchronous streaming standby.

    sudo python3 -m testkit.cluster up       # start, or repair, everything; prints the URLs
    sudo python3 -m testkit.cluster status   # who runs, who is clustered, who replicates
    sudo python3 -m testkit.cluster down     # stop everything and delete what `up` made
    python3 -m testkit.cluster env           # the URLs only, as shell assignments

(from `libs/testkit`, or anywhere with `PYTHONPATH=libs/testkit`: only the standard
library is imported, so `.ci/run` starts it before the virtual environment exists.)

RabbitMQ: Debian's `rabbitmq-server`, three nodes `rabbit-a@localhost` ..
`rabbit-c@localhost` on AMQP ports 5681-5683 (distribution ports 25681-25683), run as the
`rabbitmq` user with its home, so they share the default node's Erlang cookie and
`rabbitmqctl -n rabbit-b@localhost ...` works as for the default node. The three boot at
once; b and c name a as their peer and join it at their first boot. A quorum queue gets
`quorum_cluster_size` members (3 by default since RabbitMQ 3.8): one on each node, since
the contract's queue arguments set no `x-quorum-initial-group-size`.
`cluster_partition_handling = pause_minority`, as in `deploy/k8s/base/rabbitmq.yaml`.

PostgreSQL: two clusters of `pg_createcluster` (`<version>/ha-primary` on 5441 and
`<version>/ha-standby` on 5442, `start.conf` manual: never started at boot), with trust
authentication on 127.0.0.1 like the default cluster. The standby is a `pg_basebackup`
of the primary and streams from it through the physical slot `standby`. The primary
waits for it at every commit (`synchronous_standby_names = 'standby'`,
`synchronous_commit = on`), so an answered commit is flushed on both. The standby names
no synchronous standby of its own, so once promoted it takes writes alone.

`up` is idempotent and puts back what a test or a fault changed. It boots a node whose
VM is gone, starts an application that was stopped, starts a stopped or killed server,
and clones the standby again from `ha-primary` if it was promoted (what was written on
it is lost). It does not undo settings a test changed on a running node (memory or
disk limits, policies): the test does. Already up, it returns in a fraction of a second.
`down` kills the nodes and servers and deletes their files: nothing is kept.
Everything lives under `CLUSTER_DIR` (default /tmp/training-platform-cluster) and
`/etc/postgresql/<version>/ha-*`. The default node (rabbit@localhost, 5672) and the
default cluster (`<version>/main`, 5432) are never touched. Needs root: the nodes run
as `rabbitmq`, the clusters as `postgres`.
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import json
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

CLUSTER_DIR = Path(os.environ.get("CLUSTER_DIR", "/tmp/training-platform-cluster"))  # noqa: S108
"""One place per machine, as the ports are: every worktree's `up` finds the same cluster."""
HOST = "127.0.0.1"
RABBITMQ_USER = "guest"  # the default user, allowed from loopback only
BOOT_SECONDS = 120.0
"""Longest wait for a node or a cluster to answer; a node boots in 5 to 10 s here."""


@dataclass(frozen=True)
class RabbitNode:
    name: str
    amqp_port: int

    @property
    def node(self) -> str:
        return f"{self.name}@localhost"

    @property
    def dist_port(self) -> int:
        return self.amqp_port + 20000

    @property
    def url(self) -> str:
        return f"amqp://{RABBITMQ_USER}:{RABBITMQ_USER}@{HOST}:{self.amqp_port}/"

    @property
    def home(self) -> Path:
        return CLUSTER_DIR / "rabbitmq" / self.name


@dataclass(frozen=True)
class PgCluster:
    name: str
    port: int

    @property
    def data(self) -> Path:
        return CLUSTER_DIR / "postgresql" / self.name

    @property
    def log(self) -> Path:
        return CLUSTER_DIR / "postgresql" / f"{self.name}.log"

    def url(self, database: str = "postgres") -> str:
        """A single-host URL: this server, whatever its role."""
        return f"postgresql://postgres@{HOST}:{self.port}/{database}"


NODES = (RabbitNode("rabbit-a", 5681), RabbitNode("rabbit-b", 5682), RabbitNode("rabbit-c", 5683))
SEED = NODES[0]
PRIMARY = PgCluster("ha-primary", 5441)
STANDBY = PgCluster("ha-standby", 5442)
STANDBY_NAME = "standby"
"""The standby's application_name and replication slot, named in the primary's
synchronous_standby_names."""


class ClusterError(RuntimeError):
    """Something could not be started, stopped or checked; the message says what."""


# --- what the tests and the services use ------------------------------------------------------


def rabbitmq_urls() -> list[str]:
    """One AMQP URL per node, in the order a client should try them."""
    return [node.url for node in NODES]


def database_url(database: str = "postgres") -> str:
    """The multi-host URL of `database`: whichever of the two servers takes writes."""
    hosts = ",".join(f"{HOST}:{c.port}" for c in (PRIMARY, STANDBY))
    return f"postgresql://postgres@{hosts}/{database}?target_session_attrs=read-write"


def environment() -> dict[str, str]:
    """The variables `.ci/run` exports for the tests (see the root conftest.py)."""
    return {
        "CLUSTER_RABBITMQ_URLS": ",".join(rabbitmq_urls()),
        "CLUSTER_DATABASE_URL": database_url(),
    }


def rabbitmqctl(node: RabbitNode, *args: str, timeout: float = 60.0) -> str:
    """`rabbitmqctl -n <node> ...`, as a developer types it; its output, or ClusterError."""
    return _run(["rabbitmqctl", "-n", node.node, "-q", *args], timeout=timeout)


def stop_app(node: RabbitNode) -> None:
    """Stop the RabbitMQ application on `node` (its Erlang VM stays): clients are cut."""
    rabbitmqctl(node, "stop_app")


def start_app(node: RabbitNode) -> None:
    """Start the application `stop_app` stopped; returns once it accepts AMQP connections."""
    rabbitmqctl(node, "start_app")
    _wait_for(f"{node.node} AMQP", lambda: _tcp_open(node.amqp_port), BOOT_SECONDS)


def node_logs() -> list[Path]:
    """The nodes' log files."""
    return sorted((CLUSTER_DIR / "rabbitmq").glob("*/log/*@localhost.log"))


def kill_vm(node: RabbitNode) -> None:
    """`kill -9` of the node's Erlang VM: a hard crash, nothing flushed, no goodbye to peers."""
    if not _vm_running(node):
        raise ClusterError(f"{node.node}: its VM is not running")
    _kill_nodes((node,))


def start_vm(node: RabbitNode) -> None:
    """Boot the node's VM again (after `kill_vm`); returns once it accepts AMQP connections."""
    _start_node(node)
    _wait_for(f"{node.node} AMQP", lambda: _tcp_open(node.amqp_port), BOOT_SECONDS)


def queue_leaders(vhost: str = "/") -> dict[str, str]:
    """Quorum queue -> the node leading it, as the running nodes report it."""
    for node in NODES:
        try:
            listed = rabbitmqctl(
                node, "list_queues", "-p", vhost, "name", "type", "leader", "--formatter", "json"
            )
        except ClusterError:
            continue  # that node is down: ask another
        return {
            q["name"]: q["leader"]
            for q in json.loads(listed or "[]")
            if q.get("type") == "quorum" and q.get("leader")
        }
    raise ClusterError("no node answered list_queues")


def busiest_leader(vhost: str = "/") -> RabbitNode:
    """The node leading the most quorum queues of `vhost`: the one whose loss moves most."""
    led = Counter(queue_leaders(vhost).values())
    return max(NODES, key=lambda node: (led[node.node], node.name))


CONSUMER_TIMEOUT_MS = 1_800_000
"""RabbitMQ's default consumer timeout (30 minutes), the nodes' setting between scenarios."""


CHANNEL_TICK_MS = 60_000
"""How often a channel checks its deliveries' age against the timeout (RabbitMQ's default)."""


def set_consumer_timeout(milliseconds: int, tick_milliseconds: int = CHANNEL_TICK_MS) -> None:
    """Every node's consumer timeout, at run time: a channel opened from now on closes when
    a delivery stays unacknowledged longer (PRECONDITION_FAILED), and its unacknowledged
    deliveries go back to the queue. A channel checks at each tick, so a short timeout
    needs a short tick too."""
    for node in NODES:
        for key, value in (
            ("consumer_timeout", milliseconds),
            ("channel_tick_interval", tick_milliseconds),
        ):
            rabbitmqctl(node, "eval", f"application:set_env(rabbit, {key}, {value}).")


MEMORY_LIMIT = "0.4"
"""The nodes' configured vm_memory_high_watermark (RabbitMQ's default), restored after an alarm."""
DISK_LIMIT = "50MB"
"""The nodes' configured disk_free_limit (RabbitMQ's default), restored after an alarm."""


def raise_alarm(node: RabbitNode, kind: str) -> None:
    """Make `node` raise its memory or disk alarm: RabbitMQ then blocks every connection that
    publishes, on every node of the cluster, until the alarm clears (flow control)."""
    if kind == "memory":
        rabbitmqctl(node, "set_vm_memory_high_watermark", "0.000001")
    elif kind == "disk":
        rabbitmqctl(node, "set_disk_free_limit", "1000000GB")
    else:
        raise ValueError(f"no such alarm: {kind}")
    _wait_for(f"{node.node} {kind} alarm", lambda: _alarmed(node, kind), 60)


def clear_alarm(node: RabbitNode, kind: str) -> None:
    """Put the limit back as configured; returns once the node no longer reports the alarm."""
    if kind == "memory":
        rabbitmqctl(node, "set_vm_memory_high_watermark", MEMORY_LIMIT)
    else:
        rabbitmqctl(node, "set_disk_free_limit", DISK_LIMIT)
    _wait_for(f"{node.node} {kind} alarm cleared", lambda: not _alarmed(node, kind), 60)


def _alarmed(node: RabbitNode, kind: str) -> bool:
    status = json.loads(rabbitmqctl(node, "status", "--formatter", "json", timeout=30))
    return any(kind in str(alarm) for alarm in status.get("alarms", []))


def pg_ctlcluster(cluster: PgCluster, action: str, *options: str) -> None:
    """`pg_ctlcluster <version> <cluster> <action>` (start, stop, promote, ...)."""
    version = _pg_version()
    _run(["pg_ctlcluster", "--skip-systemctl-redirect", version, cluster.name, action, *options])


def sql(cluster: PgCluster, statement: str, database: str = "postgres") -> str:
    """One statement through psql on `cluster`; its unaligned output."""
    server = [f"--host={HOST}", f"--port={cluster.port}", "--username=postgres"]
    options = [f"--dbname={database}", "-AtXq", "--set=ON_ERROR_STOP=1", f"--command={statement}"]
    return _run(["psql", *server, *options], timeout=30).strip()


def await_start(seconds: float = BOOT_SECONDS) -> None:
    """Return once no `up` or `down` is under way (CI starts `up` in the background)."""
    deadline = time.monotonic() + seconds
    with open(f"{CLUSTER_DIR}.lock", "a") as handle:
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise ClusterError(f"still starting after {seconds:.0f}s") from None
                time.sleep(0.2)
                continue
            fcntl.flock(handle, fcntl.LOCK_UN)
            return


def is_up() -> bool:
    """Every node answers AMQP and the standby streams synchronously from the primary."""
    return _rabbitmq_answers() and _replicating()


# --- up ----------------------------------------------------------------------------------------


def up() -> None:
    """Start whatever is not running, form or repair the cluster and the pair, then check."""
    _require_root()
    with _lock():
        if is_up():
            _say("already up")
            return
        CLUSTER_DIR.mkdir(parents=True, exist_ok=True)
        errors: list[BaseException] = []

        def run(part: str) -> None:
            try:
                started = time.monotonic()
                (_rabbitmq_up if part == "rabbitmq" else _postgres_up)()
                _say(f"{part} up in {time.monotonic() - started:.1f}s")
            except BaseException as error:  # reported below, with the other part's
                errors.append(error)

        threads = [threading.Thread(target=run, args=(p,)) for p in ("rabbitmq", "postgresql")]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        if errors:
            raise ClusterError("; ".join(str(e) for e in errors)) from errors[0]


def _rabbitmq_up() -> None:
    formed = (CLUSTER_DIR / "rabbitmq" / "formed").exists()
    if not formed or not all((n.home / "mnesia").exists() for n in NODES):
        # Never formed, or half gone: start afresh.
        _kill_nodes(NODES)
        shutil.rmtree(CLUSTER_DIR / "rabbitmq", ignore_errors=True)
        for node in NODES:
            _write_node_files(node)
    waiting = [node for node in NODES if not _tcp_open(node.amqp_port)]
    stopped = [node for node in waiting if not _vm_running(node)]
    # Stopped VMs first, all at once: a clustered node waits for its peers at boot.
    for node in stopped:
        _start_node(node)
    for node in waiting:
        if node not in stopped and not _tcp_open(node.amqp_port):
            # Its application was stopped (stop_app), or it paused itself in a minority
            # (pause_minority): then it resumes once its peers are back, and start_app
            # may refuse, which is no error here.
            _say(f"{node.node}: starting its application")
            with contextlib.suppress(ClusterError):
                rabbitmqctl(node, "start_app")
    for node in waiting:
        _wait_for(f"{node.node} AMQP", lambda n=node: _tcp_open(n.amqp_port), BOOT_SECONDS)
    _wait_for("the three nodes running as one cluster", _rabbitmq_clustered, 30)
    (CLUSTER_DIR / "rabbitmq" / "formed").touch()


def _write_node_files(node: RabbitNode) -> None:
    node.home.mkdir(parents=True, exist_ok=True)
    # The seed names no peer, so it boots at once as a cluster of one. The others,
    # started at the same time, name the seed and retry joining it (every 0.5 s, for
    # a minute) until it runs: they join it at their first boot. Once formed, each
    # node's data names its cluster, and peer discovery is not used again.
    joins = (
        ""
        if node == SEED
        else "cluster_formation.peer_discovery_backend = classic_config\n"
        f"cluster_formation.classic_config.nodes.1 = {SEED.node}\n"
        "cluster_formation.discovery_retry_limit = 120\n"
        "cluster_formation.discovery_retry_interval = 500\n"
    )
    (node.home / "rabbitmq.conf").write_text(
        f"listeners.tcp.local = {HOST}:{node.amqp_port}\n"
        "cluster_name = training-platform-cluster\n"
        "cluster_partition_handling = pause_minority\n"
        "log.console = false\n" + joins
    )
    (node.home / "enabled_plugins").write_text("[].\n")  # no plugin listening on a shared port
    (node.home / "rabbitmq-env.conf").write_text("")  # not the default node's NODENAME
    _chown_tree(CLUSTER_DIR / "rabbitmq", "rabbitmq")


def _node_environment(node: RabbitNode) -> dict[str, str]:
    home = node.home
    return {
        "PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
        "LANG": "C.UTF-8",
        # The rabbitmq user's home holds the Erlang cookie the default node and the CLI use.
        "HOME": pwd.getpwnam("rabbitmq").pw_dir,
        "RABBITMQ_NODENAME": node.node,
        "RABBITMQ_NODE_PORT": str(node.amqp_port),
        "RABBITMQ_DIST_PORT": str(node.dist_port),
        "RABBITMQ_CONF_ENV_FILE": str(home / "rabbitmq-env.conf"),
        "RABBITMQ_CONFIG_FILE": str(home / "rabbitmq.conf"),
        "RABBITMQ_ADVANCED_CONFIG_FILE": str(home / "advanced.config"),
        "RABBITMQ_ENABLED_PLUGINS_FILE": str(home / "enabled_plugins"),
        "RABBITMQ_MNESIA_BASE": str(home / "mnesia"),
        "RABBITMQ_LOG_BASE": str(home / "log"),
        "RABBITMQ_PID_FILE": str(home / "pid"),
        "RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS": "-kernel inet_dist_use_interface {127,0,0,1}",
        "ERL_EPMD_ADDRESS": HOST,
    }


def _start_node(node: RabbitNode) -> None:
    _say(f"{node.node}: starting (AMQP {node.amqp_port})")
    _run(
        ["runuser", "-u", "rabbitmq", "--", "/usr/lib/rabbitmq/bin/rabbitmq-server", "-detached"],
        env=_node_environment(node),
        cwd=node.home,
    )


def _rabbitmq_clustered() -> bool:
    try:
        status = json.loads(rabbitmqctl(SEED, "cluster_status", "--formatter", "json", timeout=30))
    except (ClusterError, ValueError):
        return False
    return sorted(status.get("running_nodes", [])) == sorted(n.node for n in NODES)


def _rabbitmq_answers() -> bool:
    return (CLUSTER_DIR / "rabbitmq" / "formed").exists() and all(
        _tcp_open(n.amqp_port) for n in NODES
    )


def _pid(node: RabbitNode) -> int | None:
    try:
        return int((node.home / "pid").read_text().strip())
    except (OSError, ValueError):
        return None


def _vm_running(node: RabbitNode) -> bool:
    pid = _pid(node)
    if pid is None:
        return False
    try:
        # Ours only: the pid file names a beam process started with this node's name.
        command = Path(f"/proc/{pid}/cmdline").read_bytes()
        environ = Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
    except OSError:
        return False
    return b"beam" in command and f"RABBITMQ_NODENAME={node.node}".encode() in environ


def _kill_nodes(nodes: tuple[RabbitNode, ...]) -> None:
    """SIGKILL to each node's VM, by the pid in its pid file: their data is deleted next,
    so nothing is gained by a graceful stop (which takes seconds per node)."""
    killed = []
    for node in nodes:
        pid = _pid(node)
        if pid is not None and _vm_running(node):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
            killed.append(node)
    _wait_for("the killed nodes to exit", lambda: not any(map(_vm_running, killed)), 30)


# --- PostgreSQL ------------------------------------------------------------------------------


def _postgres_up() -> None:
    clusters = _pg_clusters()
    if PRIMARY.name not in clusters:
        _create_pg_cluster(PRIMARY, _primary_settings())
    if "online" not in _pg_clusters().get(PRIMARY.name, ""):
        _start_server(PRIMARY)
    if sql(PRIMARY, "SELECT pg_is_in_recovery()") != "f":
        raise ClusterError(f"{PRIMARY.name} is in recovery: `down`, then `up`, starts afresh")
    sql(
        PRIMARY,
        f"SELECT pg_create_physical_replication_slot('{STANDBY_NAME}') WHERE NOT EXISTS "  # noqa: S608 (constants)
        f"(SELECT 1 FROM pg_replication_slots WHERE slot_name = '{STANDBY_NAME}')",
    )
    if STANDBY.name not in _pg_clusters():
        _create_pg_cluster(STANDBY, _standby_settings())
        _clone_standby()
        return
    if "online" not in _pg_clusters()[STANDBY.name]:
        with contextlib.suppress(ClusterError):  # a standby that cannot start is cloned again
            _start_server(STANDBY)
    if _standby_in_recovery():
        with contextlib.suppress(ClusterError):
            _wait_for("the standby to stream", _replicating, 10)
            return
    _say(f"{STANDBY.name}: promoted or behind, cloning it again from {PRIMARY.name}")
    _clone_standby()


def _start_server(cluster: PgCluster, seconds: float = 20.0) -> None:
    """Start `cluster`, trying again while the processes of a killed server still exit
    (its socket's lock file names a postmaster that is not gone yet)."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            pg_ctlcluster(cluster, "start")
            return
        except ClusterError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)


def _primary_settings() -> str:
    return f"synchronous_standby_names = '{STANDBY_NAME}'\nsynchronous_commit = on\n"


def _standby_settings() -> str:
    return (
        f"primary_conninfo = 'host={HOST} port={PRIMARY.port} user=postgres "
        f"application_name={STANDBY_NAME}'\n"
        f"primary_slot_name = '{STANDBY_NAME}'\n"
        "hot_standby_feedback = on\n"
    )


def _create_pg_cluster(cluster: PgCluster, settings: str) -> None:
    _say(f"{_pg_version()}/{cluster.name}: creating (port {cluster.port})")
    if cluster.data.exists():
        shutil.rmtree(cluster.data)
    shutil.rmtree(_pg_config_dir(cluster), ignore_errors=True)  # left by an interrupted run
    cluster.data.parent.mkdir(parents=True, exist_ok=True)
    # initdb --no-sync, pg_basebackup --no-sync: the files of a throwaway cluster need
    # not be forced to disk; the servers themselves run with fsync on, as in production.
    created = ["pg_createcluster", "--quiet", _pg_version(), cluster.name]
    options = [f"--port={cluster.port}", f"--datadir={cluster.data}", f"--logfile={cluster.log}"]
    _run([*created, *options, "--start-conf=manual", "--", "--auth=trust", "--no-sync"])
    # Both sides alike (a hot standby needs max_connections >= the primary's): room for
    # two instances of every service; then each side's own lines.
    conf = _pg_config_dir(cluster) / "conf.d" / "90-cluster.conf"
    conf.write_text(f"listen_addresses = '{HOST}'\nmax_connections = 300\n" + settings)
    if cluster == PRIMARY:
        pg_ctlcluster(PRIMARY, "start")


def _clone_standby() -> None:
    """The standby's data, replaced by a base backup of the primary streaming from its slot."""
    if "online" in _pg_clusters().get(STANDBY.name, ""):
        pg_ctlcluster(STANDBY, "stop", "-m", "immediate")
    for child in STANDBY.data.iterdir():
        if child.is_dir():
            shutil.rmtree(child)
        else:
            child.unlink()
    source = [f"--host={HOST}", f"--port={PRIMARY.port}", "--username=postgres"]
    target = [f"--pgdata={STANDBY.data}", "--wal-method=stream", f"--slot={STANDBY_NAME}"]
    backup = [str(_pg_bin("pg_basebackup")), *source, *target, "--checkpoint=fast", "--no-sync"]
    _run(["runuser", "-u", "postgres", "--", *backup], timeout=300)
    _run(["runuser", "-u", "postgres", "--", "touch", str(STANDBY.data / "standby.signal")])
    pg_ctlcluster(STANDBY, "start")
    _wait_for("the standby to stream", _replicating, 30)


def _standby_in_recovery() -> bool:
    try:
        return sql(STANDBY, "SELECT pg_is_in_recovery()") == "t"
    except ClusterError:
        return False


def _replicating() -> bool:
    """The standby is in recovery and the primary counts it as its synchronous standby."""
    if not (_tcp_open(PRIMARY.port) and _tcp_open(STANDBY.port)):
        return False
    try:
        state = sql(
            PRIMARY,
            "SELECT state || '/' || sync_state FROM pg_stat_replication "  # noqa: S608 (constants)
            f"WHERE application_name = '{STANDBY_NAME}'",
        )
    except ClusterError:
        return False
    return state == "streaming/sync" and _standby_in_recovery()


def _pg_version() -> str:
    versions = sorted(
        (p.parent.parent.name for p in Path("/usr/lib/postgresql").glob("*/bin/postgres")),
        key=lambda v: tuple(int(x) for x in v.split(".") if x.isdigit()),
    )
    if not versions:
        raise ClusterError("no PostgreSQL server under /usr/lib/postgresql")
    return versions[-1]


def _pg_config_dir(cluster: PgCluster) -> Path:
    return Path("/etc/postgresql") / _pg_version() / cluster.name


def _pg_bin(program: str) -> Path:
    return Path("/usr/lib/postgresql") / _pg_version() / "bin" / program


def _pg_clusters() -> dict[str, str]:
    """Our clusters of the newest version, by name: their pg_lsclusters status."""
    ours = (PRIMARY.name, STANDBY.name)
    found = {}
    for row in _run(["pg_lsclusters", "--no-header"]).splitlines():
        fields = row.split()
        if len(fields) >= 4 and fields[0] == _pg_version() and fields[1] in ours:
            found[fields[1]] = fields[3]
    return found


# --- down and status -------------------------------------------------------------------------


def down() -> None:
    """Stop the three nodes and the two PostgreSQL clusters; delete their data and files."""
    _require_root()
    with _lock():
        _kill_nodes(NODES)
        clusters = _pg_clusters()
        for cluster in (STANDBY, PRIMARY):
            if cluster.name in clusters:
                _say(f"{_pg_version()}/{cluster.name}: dropping")
                if "online" in clusters[cluster.name]:
                    with contextlib.suppress(ClusterError):  # --stop below tries again
                        pg_ctlcluster(cluster, "stop", "-m", "immediate")
                _run(["pg_dropcluster", "--stop", _pg_version(), cluster.name], timeout=120)
            # pg_dropcluster leaves the directory when it holds a file of ours (conf.d).
            shutil.rmtree(_pg_config_dir(cluster), ignore_errors=True)
        shutil.rmtree(CLUSTER_DIR, ignore_errors=True)


def status() -> dict[str, Any]:
    """What runs: each node (VM, AMQP, cluster view), each PostgreSQL server (role, replicas)."""
    nodes: dict[str, Any] = {}
    view: dict[str, Any] = {}
    for node in NODES:
        answers = _tcp_open(node.amqp_port)
        nodes[node.node] = {
            "url": node.url,
            "vm": "running" if _vm_running(node) else "stopped",
            "amqp": "answers" if answers else "closed",
        }
        if answers and not view:
            with contextlib.suppress(ClusterError, ValueError):
                raw = json.loads(rabbitmqctl(node, "cluster_status", "--formatter", "json"))
                view = {
                    "seen_from": node.node,
                    "running_nodes": raw.get("running_nodes", []),
                    "disk_nodes": raw.get("disk_nodes", []),
                    "partitions": raw.get("partitions", {}),
                    "alarms": raw.get("alarms", []),
                }
    servers: dict[str, Any] = {}
    clusters = _pg_clusters() if shutil.which("pg_lsclusters") else {}
    for cluster in (PRIMARY, STANDBY):
        entry = {"url": cluster.url(), "status": clusters.get(cluster.name, "absent")}
        if _tcp_open(cluster.port):
            with contextlib.suppress(ClusterError):
                entry["role"] = (
                    "standby" if sql(cluster, "SELECT pg_is_in_recovery()") == "t" else "primary"
                )
                entry["replication"] = sql(
                    cluster,
                    "SELECT coalesce(string_agg(application_name || ' ' || state || ' ' || "
                    "sync_state, ', '), 'none') FROM pg_stat_replication",
                )
        servers[cluster.name] = entry
    return {
        "up": is_up(),
        "directory": str(CLUSTER_DIR),
        "rabbitmq": {"nodes": nodes, "cluster": view},
        "postgresql": servers,
        "environment": environment(),
    }


# --- plumbing --------------------------------------------------------------------------------


def _run(
    argv: list[str],
    *,
    timeout: float = 60.0,
    env: dict[str, str] | None = None,
    cwd: Path | None = None,
) -> str:
    try:
        done = subprocess.run(  # noqa: S603 (fixed programs, our arguments)
            argv,
            capture_output=True,
            text=True,
            timeout=timeout,
            stdin=subprocess.DEVNULL,
            env=env,
            cwd=cwd,
        )
    except FileNotFoundError as error:
        raise ClusterError(f"{argv[0]}: not installed ({error})") from error
    except subprocess.TimeoutExpired as error:
        raise ClusterError(f"{' '.join(argv)}: no answer within {timeout:.0f}s") from error
    if done.returncode != 0:
        output = (done.stderr.strip() or done.stdout.strip()).splitlines()[-5:]
        raise ClusterError(f"{' '.join(argv)}: exit {done.returncode}: {' | '.join(output)}")
    return done.stdout


def _tcp_open(port: int, timeout: float = 1.0) -> bool:
    try:
        with socket.create_connection((HOST, port), timeout=timeout):
            return True
    except OSError:
        return False


def _wait_for(what: str, check: Callable[[], bool], seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while not check():
        if time.monotonic() > deadline:
            raise ClusterError(f"{what}: not within {seconds:.0f}s (logs under {CLUSTER_DIR})")
        time.sleep(0.2)


def _chown_tree(path: Path, user: str) -> None:
    account = pwd.getpwnam(user)
    for root, dirs, files in os.walk(path):
        for name in [root, *(os.path.join(root, n) for n in dirs + files)]:
            os.chown(name, account.pw_uid, account.pw_gid)


def _require_root() -> None:
    if os.geteuid() != 0:
        raise ClusterError("needs root: the nodes run as `rabbitmq`, the clusters as `postgres`")


@contextlib.contextmanager
def _lock() -> Iterator[None]:
    """One `up` or `down` at a time on this machine (CI's background `up`, a test's repair)."""
    with open(f"{CLUSTER_DIR}.lock", "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield


def _say(text: str) -> None:
    sys.stderr.write(f"[cluster] {text}\n")
    sys.stderr.flush()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m testkit.cluster",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("command", choices=["up", "down", "status", "env"])
    parser.add_argument("--json", action="store_true", help="status as one JSON document")
    args = parser.parse_args(argv)
    started = time.monotonic()
    try:
        if args.command == "up":
            up()
        elif args.command == "down":
            down()
        elif args.command == "status":
            report = status()
            _write(json.dumps(report, indent=2) if args.json else _status_text(report))
            return 0 if report["up"] else 1
    except ClusterError as error:
        _say(f"error: {error}")
        return 1
    if args.command in ("up", "down"):
        _say(f"{args.command} in {time.monotonic() - started:.1f}s")
    if args.command in ("up", "env"):
        _write("\n".join(f"{name}={value}" for name, value in environment().items()))
    return 0


def _status_text(report: dict[str, Any]) -> str:
    lines = [f"up: {'yes' if report['up'] else 'no'}   ({report['directory']})"]
    for name, node in report["rabbitmq"]["nodes"].items():
        lines.append(f"  {name:20} vm {node['vm']:8} amqp {node['amqp']:8} {node['url']}")
    view = report["rabbitmq"]["cluster"]
    if view:
        running = ", ".join(sorted(view["running_nodes"]))
        lines.append(f"  running nodes, as {view['seen_from']} sees them: {running}")
        if view["partitions"] or view["alarms"]:
            lines.append(f"  partitions: {view['partitions']}  alarms: {view['alarms']}")
    for name, server in report["postgresql"].items():
        lines.append(
            f"  {name:20} {server['status']:16} {server.get('role', '-'):8} "
            f"replicas: {server.get('replication', '-')}  {server['url']}"
        )
    return "\n".join(lines)


def _write(text: str) -> None:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


if __name__ == "__main__":
    sys.exit(main())
