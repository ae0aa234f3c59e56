"""core.tree numbers children as Wagtail's tree (django-treebeard) does:
checked against treebeard's own (private) helpers, so an upgrade that
changes the scheme fails here rather than in a bulk import."""

import pytest
from wagtail.models import Page

from masthead.core import tree


@pytest.mark.parametrize("number", [1, 2, 35, 36, 37, 1295, 1296, 46655, 1679615])
def test_child_paths_are_the_ones_treebeard_makes(number):
    path = tree.child_path(Page, "00010001", number)
    assert path == Page._get_path("00010001", 3, number)
    assert tree.step_number(Page, path) == number


def test_a_number_beyond_the_steps_is_refused():
    with pytest.raises(ValueError, match="more children"):
        tree.child_path(Page, "0001", len(Page.alphabet) ** Page.steplen)


@pytest.mark.django_db
def test_the_next_child_follows_the_last(world):
    section = world.europe_section
    new = tree.child_path(Page, section.path, tree.next_child_number(section))
    assert new > section.get_last_child().path and len(new) == len(section.path) + Page.steplen
