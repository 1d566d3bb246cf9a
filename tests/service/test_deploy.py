"""deploy/: the Kubernetes manifests parse and point at the service's real endpoints, ports and options; the
Dockerfile copies files that exist, installs what scripts/setup.sh installs and checks a real endpoint."""

from __future__ import annotations

import argparse
import json
import re
import shlex
from pathlib import Path

import pytest
import yaml

from carrousel import commands
from carrousel.service.access import check_bind
from carrousel.service.app import create_app
from carrousel.service.config import TOKEN_VARIABLE, Config

REPO = Path(__file__).resolve().parent.parent.parent
DEPLOY = REPO / "deploy"


def manifests() -> dict[str, dict]:
    """Every object of deploy/k8s/*.yaml by kind."""
    found = {}
    for path in sorted((DEPLOY / "k8s").glob("*.yaml")):
        for document in yaml.safe_load_all(path.read_text(encoding="utf-8")):
            assert document["kind"] not in found, f"two {document['kind']}s"
            found[document["kind"]] = document
    return found


def parse(command: str, argv: list[str]) -> argparse.Namespace:
    """argv as `carrousel COMMAND` parses it."""
    parser = argparse.ArgumentParser(prog=f"carrousel {command}", exit_on_error=False)
    parser.add_argument("--project", type=Path)
    commands.load(command).add_arguments(parser)
    return parser.parse_args(argv)


def routes() -> dict[str, set]:
    """The service's paths and their methods."""
    return {route.path: set(route.methods) for route in create_app(Config()).routes}


def test_the_manifests_hold_a_deployment_service_autoscaler_and_indexed_job():
    assert set(manifests()) == {"Deployment", "Service", "HorizontalPodAutoscaler", "Job"}


def test_the_deployment_runs_the_service_its_probes_reach():
    deployment = manifests()["Deployment"]
    pod = deployment["spec"]["template"]["spec"]
    [container] = pod["containers"]
    assert container["args"][:2] == ["carrousel", "api"]
    args = parse("api", container["args"][2:])
    env = {item["name"]: item for item in container.get("env", [])}
    # Listening beyond loopback: the token must come with it, as `carrousel api` itself demands.
    check_bind(args.host, "set" if TOKEN_VARIABLE in env else None, args.insecure_bind)
    assert env[TOKEN_VARIABLE]["valueFrom"]["secretKeyRef"]["key"]
    ports = {port["name"]: port["containerPort"] for port in container["ports"]}
    assert ports["http"] == args.port
    paths = routes()
    for probe, path in (("livenessProbe", "/healthz"), ("readinessProbe", "/readyz"), ("startupProbe", "/readyz")):
        get = container[probe]["httpGet"]
        assert get["path"] == path and "GET" in paths[path], probe
        assert ports.get(get["port"], get["port"]) == args.port, probe
    annotations = deployment["spec"]["template"]["metadata"]["annotations"]
    assert annotations["prometheus.io/path"] in paths and int(annotations["prometheus.io/port"]) == args.port
    assert pod["terminationGracePeriodSeconds"] > args.timeout
    for kind in ("requests", "limits"):
        assert {"cpu", "memory"} <= set(container["resources"][kind]), kind
    assert {mount["name"] for mount in container["volumeMounts"]} <= {volume["name"] for volume in pod["volumes"]}
    assert pod["securityContext"]["runAsNonRoot"] is True


def test_the_service_and_the_autoscaler_point_at_the_deployment():
    found = manifests()
    deployment, service, hpa = found["Deployment"], found["Service"], found["HorizontalPodAutoscaler"]
    labels = deployment["spec"]["template"]["metadata"]["labels"]
    assert service["spec"]["selector"].items() <= labels.items()
    assert deployment["spec"]["selector"]["matchLabels"].items() <= labels.items()
    [container] = deployment["spec"]["template"]["spec"]["containers"]
    names = {port["name"] for port in container["ports"]}
    assert all(port["targetPort"] in names for port in service["spec"]["ports"])
    target = hpa["spec"]["scaleTargetRef"]
    assert (target["kind"], target["name"]) == ("Deployment", deployment["metadata"]["name"])
    assert hpa["spec"]["minReplicas"] <= hpa["spec"]["maxReplicas"]


def test_the_indexed_job_builds_one_share_per_pod():
    job = manifests()["Job"]["spec"]
    assert job["completionMode"] == "Indexed" and job["completions"] == job["parallelism"]
    [container] = job["template"]["spec"]["containers"]
    command = container["command"]
    assert command[:2] == ["carrousel", "build"]
    assert command[command.index("--shards") + 1] == str(job["completions"])
    assert "$(JOB_COMPLETION_INDEX)" in command[command.index("--report") + 1]
    try:
        parse("build", command[2:])
    except (argparse.ArgumentError, SystemExit):
        pytest.skip("sharded builds (--shards, --report) are not on this branch")


def dockerfile() -> list[tuple[str, str]]:
    """The Dockerfile's instructions as (INSTRUCTION, arguments), continuation lines joined."""
    text = re.sub(r"\\\n", " ", (DEPLOY / "Dockerfile").read_text(encoding="utf-8"))
    return [(line.split(None, 1)[0].upper(), line.split(None, 1)[1]) for line in text.splitlines()
            if line.strip() and not line.lstrip().startswith("#")]


def test_the_dockerfile_copies_files_that_exist_and_the_context_keeps_them():
    ignored = (DEPLOY / "Dockerfile.dockerignore").read_text(encoding="utf-8").split()
    copies = [shlex.split(args) for op, args in dockerfile() if op == "COPY" and not args.startswith("--from")]
    assert copies
    for *sources, _target in copies:
        for source in sources:
            assert (REPO / source).exists(), source
            assert f"!{source}" in ignored or f"!{source}/" in ignored, f"{source} is not sent to the build"


def test_the_dockerfile_installs_what_setup_sh_installs_and_serves_what_it_checks():
    steps = dockerfile()
    installs = " ".join(args for op, args in steps if op == "RUN" and "apt-get install" in args)
    setup = (REPO / "scripts" / "setup.sh").read_text(encoding="utf-8")
    runtime = [pkg for line in re.findall(r"^apt_pkgs\+?=\((.*)\)", setup, re.M) for pkg in shlex.split(line)]
    assert runtime
    for package in runtime:
        assert package in shlex.split(installs), package
    [cmd] = [json.loads(args) for op, args in steps if op == "CMD"]
    assert cmd[:2] == ["carrousel", "api"]
    args = parse("api", cmd[2:])
    [exposed] = [int(args_) for op, args_ in steps if op == "EXPOSE"]
    assert args.port == exposed
    [health] = [args_ for op, args_ in steps if op == "HEALTHCHECK"]
    url = re.search(r"http://127\.0\.0\.1:(\d+)(/\w+)", health)
    assert int(url.group(1)) == exposed and "GET" in routes()[url.group(2)]
    assert any(op == "USER" and args_ not in ("root", "0") for op, args_ in steps)
