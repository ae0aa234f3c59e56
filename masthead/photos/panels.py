from wagtail.admin.panels import Panel

from . import rights


class PictureRightsPanel(Panel):
    """At the top of the editor: what stops this page's pictures going out
    (no credit, an expired licence) and licences ending within 30 days.
    Shown only when there is something to say."""

    @property
    def clean_name(self):
        return super().clean_name or "picture_rights"

    class BoundPanel(Panel.BoundPanel):
        template_name = "photos/rights_panel.html"

        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            uses = self.instance.picture_uses() if self.instance else []
            self.problems = rights.picture_problems(uses)
            self.warnings = rights.expiring_soon(uses)

        def is_shown(self):
            return bool(self.problems or self.warnings)

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context.update(problems=self.problems, warnings=self.warnings)
            return context
