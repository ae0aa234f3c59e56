import pytest
from django.core.exceptions import ValidationError

from masthead.articles.listings import related_articles
from masthead.articles.models import PinnedRelated, SectionPage
from masthead.testing import make_article, make_photo


def test_teaser_defaults_to_the_first_paragraph(world):
    assert world.article.summary.startswith("The first paragraph of article")


def test_an_editors_teaser_wins_over_the_first_paragraph(world):
    article = make_article(world.europe_section, teaser="Written by hand.")
    assert article.summary == "Written by hand."


def test_hero_caption_and_credit_fall_back_to_the_pictures_own(world):
    assert world.article.credit == "REUTERS/Jane Doe"
    assert world.article.caption == "A caption."
    world.article.hero_credit = "Someone via shutterstock.com"
    assert world.article.credit == "Someone via shutterstock.com"


def test_a_section_lists_exactly_one_region_or_one_kind(world):
    both = SectionPage(title="Both", slug="both", region=world.asia, kind=world.news)
    with pytest.raises(ValidationError, match="exactly one"):
        both.full_clean()
    with pytest.raises(ValidationError, match="exactly one"):
        SectionPage(title="Neither", slug="neither").full_clean()


def test_related_prefers_the_same_region_newest_first(world):
    asia = make_article(world.asia_section, days_ago=0)
    newer_europe = make_article(world.europe_section, days_ago=0.5)
    related = related_articles(world.other_article)
    assert related[:2] == [newer_europe, world.article]
    assert asia in related  # only after the region runs out
    assert world.other_article not in related


def test_pinned_related_stories_come_first_in_the_editors_order(world):
    pin_a = make_article(world.asia_section, days_ago=30)
    pin_b = make_article(world.asia_section, days_ago=40)
    world.article.pinned_related = [
        PinnedRelated(related=pin_b, sort_order=0),
        PinnedRelated(related=pin_a, sort_order=1),
    ]
    world.article.save_revision().publish()
    assert related_articles(world.article) == [pin_b, pin_a, world.other_article]


def test_an_unpublished_pin_is_skipped(world):
    pin = make_article(world.asia_section, days_ago=30)
    world.article.pinned_related = [PinnedRelated(related=pin, sort_order=0)]
    world.article.save_revision().publish()
    pin.unpublish()
    assert pin not in related_articles(world.article)


def test_photo_licence_expiry(world):
    import datetime

    photo = make_photo()
    assert not photo.licence_expired
    photo.licence_expires = datetime.date(2000, 1, 1)
    assert photo.licence_expired
