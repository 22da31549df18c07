"""Shared test set-up: hypothesis profiles.

``ci`` (the default) runs 200 examples per property; ``dev`` runs 20 for a
quick loop: ``HYPOTHESIS_PROFILE=dev make test``.
"""

import os

from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci",
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile("dev", max_examples=20, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
