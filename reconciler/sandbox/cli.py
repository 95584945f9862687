"""`strec sandbox`: run the simulator over HTTP until SIGINT or SIGTERM.

The key comes from STREC_API_KEY, else the seed, else it is generated and printed (the
only case where a key is ever printed).
"""

from __future__ import annotations

import os
import signal
import threading
from types import FrameType

import click

from reconciler.sandbox.seed import SeedError, load_seed_file
from reconciler.sandbox.simulator import Sandbox


@click.command("sandbox")
@click.option("--port", type=click.IntRange(0, 65535), default=8787, show_default=True,
              help="Port on 127.0.0.1 (0 = any free port).")  # fmt: skip
@click.option("--seed", "seed_path", type=click.Path(exists=True, dir_okay=False),
              help="Seed file (YAML or JSON).")  # fmt: skip
@click.option("--dialect", type=click.Choice(["reference", "guide"]), default="reference",
              show_default=True, help="Which API document to behave like.")  # fmt: skip
@click.option("--latency-ms", type=click.FloatRange(min=0), default=0.0,
              help="Delay added to every request.")  # fmt: skip
@click.option("--fault-rate", type=click.FloatRange(0, 1), default=0.0,
              help="Probability that a request is faulted.")  # fmt: skip
@click.option("--fault-seed", type=int, default=0, help="Seed of the fault generator.")
def sandbox_command(
    port: int,
    seed_path: str | None,
    dialect: str,
    latency_ms: float,
    fault_rate: float,
    fault_seed: int,
) -> None:
    """Run a simulated Sharingtools API on 127.0.0.1 for trying strec safely."""
    try:
        seed = load_seed_file(seed_path) if seed_path else None
        sb = Sandbox(
            seed,
            dialect=dialect,
            api_key=os.environ.get("STREC_API_KEY") or None,
            latency_ms=latency_ms,
            fault_rate=fault_rate,
            fault_seed=fault_seed,
        )
    except (OSError, ValueError, SeedError) as exc:
        raise click.ClickException(str(exc)) from None

    stop = threading.Event()

    def on_signal(signum: int, frame: FrameType | None) -> None:
        stop.set()

    previous = {s: signal.signal(s, on_signal) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        with sb.serve(port) as base_url:
            click.echo(f"sandbox listening on {base_url} (dialect {dialect})", err=True)
            if sb.api_key_generated:
                click.echo(f"generated api key: {sb.api_key}", err=True)
            while not stop.wait(0.2):
                pass
    except OSError as exc:
        raise click.ClickException(f"cannot serve on port {port}: {exc}") from None
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    click.echo("sandbox stopped", err=True)
