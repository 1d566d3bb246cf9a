"""Fixtures of the export tests: three small slides and a post's metadata."""

from __future__ import annotations

import pytest
from export_kit import make_slides

from carrousel.export import Meta, Slide


@pytest.fixture
def slides() -> list[Slide]:
    """Three 160×200 slides of 1, 0.5 and 1.5 seconds."""
    return make_slides()


@pytest.fixture
def meta() -> Meta:
    """A post's metadata, with non-ASCII text."""
    return Meta("Cinq patterns à connaître", "cinq-patterns", "Maxime Lenne", "fr")
