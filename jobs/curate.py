"""Ray job entrypoint: `ray job submit -- python -m jobs.curate --config configs/demo.yaml`.

Under `ray job submit`, RAY_ADDRESS is set for the driver, so the runner joins the cluster instead
of starting a local Ray.
"""

from __future__ import annotations

import argparse
import logging
import sys

from pipeline.config import ConfigError, load_run_config
from pipeline.runner import Runner


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="jobs.curate", description=__doc__)
    parser.add_argument("--config", required=True, help="run config YAML")
    parser.add_argument("--executor", choices=["ray", "local"], default=None)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    try:
        config = load_run_config(args.config)
    except ConfigError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    if args.executor:
        config.run.executor = args.executor
    result = Runner(config, progress=False).run()
    print(f"mixes: {result.mixes_dir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
