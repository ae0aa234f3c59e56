"""`{% shared %}`: markup many pages show alike (a teaser card, the latest
and quick-takes rails, the follow links), rendered once per store
generation and process instead of once per page that shows it."""

from django import template

from masthead.core import tags

register = template.Library()


@register.tag
def shared(parser, token):
    """{% shared "name" value... %}…{% endshared %}, kept under the name and
    the values (pages by their pk) for the renders of one store generation
    (core.tags.shared_dict), with the tags its render collected, which a
    reuse adds to the response: every content change moves the generation
    on. What it encloses must depend on nothing else but data shared the
    same way (core.tags.shared)."""
    bits = token.split_contents()[1:]
    if not bits:
        raise template.TemplateSyntaxError("{% shared %} needs a name")
    nodelist = parser.parse(("endshared",))
    parser.delete_first_token()
    return SharedNode(nodelist, [parser.compile_filter(bit) for bit in bits])


def _key(value) -> str:
    if isinstance(value, list | tuple):
        return ",".join(_key(item) for item in value)
    return str(getattr(value, "pk", value))


class SharedNode(template.Node):
    def __init__(self, nodelist, parts):
        self.nodelist = nodelist
        self.parts = parts

    def render(self, context):
        request = context.get("request")
        # Links are built for the site the request came to.
        host = request.get_host() if request is not None else ""
        key = ":".join([host, *(_key(part.resolve(context)) for part in self.parts)])
        kept = tags.shared_dict("fragments")
        hit = kept.get(key)
        if hit is None:
            with tags.captured() as shown:
                html = self.nodelist.render(context)
            hit = kept[key] = (html, frozenset(shown))
        else:
            tags.add(*hit[1])  # what it shows, for this response's purges
        return hit[0]
