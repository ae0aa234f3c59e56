"""The pages every magazine has, made when missing: the home page (which
replaces Wagtail's "Welcome" page and becomes the default site's root), a
section for a region, the authors' index. Used by the demo and by imports
into a fresh install."""

from django.utils.text import slugify
from wagtail.models import Page, Site

from .models import AuthorIndexPage, HomePage, Region, SectionPage


def ensure_home() -> HomePage:
    home = HomePage.objects.first()
    if home is None:
        root = Page.get_first_root_node()
        # Wagtail's first migration leaves a plain "Welcome" page at the top; the magazine replaces it.
        for stray in root.get_children().filter(slug="home").exclude(content_type__model="homepage"):
            stray.delete()
        home = root.add_child(instance=HomePage(title="Home", slug="home"))
        home.save_revision().publish()
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(hostname="localhost", root_page=home, is_default_site=True, site_name="Magazine")
    elif site.root_page_id != home.pk:
        site.root_page = home
        site.save()
    return home


def ensure_section(region: Region) -> tuple[SectionPage, bool]:
    """The region's section, published under the home page if it had none;
    and whether it was made now."""
    section = SectionPage.objects.filter(region=region).first()
    if section is not None:
        return section, False
    home = ensure_home()
    slug, n = slugify(region.slug or region.name)[:200] or "section", 1
    taken = set(home.get_children().values_list("slug", flat=True))
    while (candidate := slug if n == 1 else f"{slug}-{n}") in taken:
        n += 1
    section = home.add_child(instance=SectionPage(title=region.name, slug=candidate, region=region))
    section.save_revision().publish()
    return section, True


def ensure_author_index() -> AuthorIndexPage:
    index = AuthorIndexPage.objects.first()
    if index is None:
        index = ensure_home().add_child(instance=AuthorIndexPage(title="Authors", slug="authors"))
        index.save_revision().publish()
    return index
