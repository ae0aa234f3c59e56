"""Countries: names, aliases and demonyms found in text; suggestions on save
that an editor confirms; tags checked; a page per country."""

import pytest
from wagtail.test.utils.form_data import rich_text, streamfield

from masthead.articles import countries
from masthead.articles.models import ArticlePage
from masthead.testing import add_url, article_form, login, make_article

pytestmark = pytest.mark.django_db


def codes(text):
    return [c.code for c in countries.mentioned(text)]


def test_names_aliases_and_demonyms_are_found_most_mentioned_first():
    text = "Germany's chancellor met French and British ministers. Berlin and the Germans disagreed."
    assert codes(text) == ["DE", "FR", "GB"]
    assert codes("Talks in Viet Nam, Vietnam and the UAE; Emirati and UAE officials.") == ["AE", "VN"]
    assert codes("The Democratic Republic of the Congo and DR Congo") == ["CD"]


def test_the_longest_name_wins_and_parts_of_words_do_not_count():
    assert codes("Guinea-Bissau and Papua New Guinea") == ["GW", "PG"]
    assert codes("Nigeria") == ["NG"]  # not Niger
    assert codes("Omanis? No: a womaniser in Romania.") == ["RO"]


def test_ambiguous_names_need_support_and_other_things_are_not_countries():
    assert codes("Jordan scored twice.") == []
    assert codes("Jordan said Jordanian troops would stay.") == ["JO"]
    assert codes("Chad and Chad again") == ["TD"]
    assert codes("Latin American growth and the Indian Ocean trade") == []
    assert codes("a turkey for dinner") == []


def test_a_typed_name_is_found_by_any_of_its_names_or_its_code():
    assert countries.find("uk").name == "United Kingdom"
    assert countries.find(" united   STATES ").code == "US"
    assert countries.find("Türkiye").name == "Turkey"
    assert countries.find("de").name == "Germany"
    assert countries.find("Atlantis") is None and countries.find("") is None
    assert countries.by_slug("united-kingdom").code == "GB"


def body(text):
    return streamfield([("paragraph", rich_text(f"<p>{text}</p>"))])


def test_saving_suggests_the_countries_mentioned_and_the_editor_confirms_them(client, world):
    login(client, world)
    data = article_form(
        world, body=body("Germany and the French disagree; Ukraine waits."), countries="Ukraine"
    )
    data["action-publish"] = ""
    response = client.post(add_url(world), data)
    assert response.status_code == 302
    article = ArticlePage.objects.get(slug="a-new-article")
    edit = f"/admin/pages/{article.pk}/edit/"
    form = client.get(edit).context["form"]
    assert [value for value, _ in form.fields["add_countries"].choices] == ["Germany", "France"]
    html = client.get(edit).content.decode()
    assert "Countries the text mentions" in html and 'value="Germany"' in html

    data = article_form(
        world,
        body=body("Germany and the French disagree; Ukraine waits."),
        countries="Ukraine",
        add_countries="Germany",
    )
    response = client.post(edit, data)
    assert response.status_code == 302
    draft = ArticlePage.objects.get(pk=article.pk).get_latest_revision_as_object()
    assert sorted(t.name for t in draft.countries.all()) == ["Germany", "Ukraine"]
    assert draft.country_suggestions == ["France"]


def test_country_tags_are_stored_under_their_shown_name_and_unknown_ones_refused(client, world):
    login(client, world)
    response = client.post(add_url(world), article_form(world, countries="uk, de"))
    assert response.status_code == 302
    tagged = ArticlePage.objects.get(slug="a-new-article").countries.all()
    assert sorted(t.name for t in tagged) == ["Germany", "United Kingdom"]

    before = ArticlePage.objects.count()
    response = client.post(add_url(world), article_form(world, slug="another", countries="Atlantis, France"))
    assert response.status_code == 200
    assert "Not a country we know: “Atlantis”" in str(response.context["form"].errors["countries"])
    assert ArticlePage.objects.count() == before


def test_each_country_has_a_page(client, world):
    make_article(world.asia_section, title="Manila talks", countries=["Philippines"], days_ago=0.2)
    make_article(world.asia_section, title="Older Manila talks", countries=["Philippines"], days_ago=3)
    html = client.get("/countries/philippines/").content.decode()
    assert html.index("Manila talks") < html.index("Older Manila talks")
    assert "Nothing published about Peru yet" in client.get("/countries/peru/").content.decode()
    assert client.get("/countries/atlantis/").status_code == 404
    assert client.get("/countries/philippines/", {"before": "nonsense"}).status_code == 404
    index = client.get("/countries/").content.decode()
    assert 'href="/countries/philippines/"' in index and "2 articles" in index
    article_html = client.get(ArticlePage.objects.get(title="Manila talks").url).content.decode()
    assert '<a href="/countries/philippines/">Philippines</a>' in article_html
