"""A panel of the admin's dashboard drawn by one template: each app adds its
own (`construct_homepage_panels`) without knowing the others'."""

from wagtail.admin.ui.components import Component


class TemplatePanel(Component):
    def __init__(self, name, template_name, order, **context):
        self.name, self.template_name, self.order, self.context = name, template_name, order, context

    def get_context_data(self, parent_context):
        return self.context
