from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "masthead.articles"
    label = "articles"
    # Rows that make a site not empty (a restore refuses to overwrite them).
    site_content = ("ArticlePage",)

    def ready(self):
        from masthead.articles import privacy

        privacy.connect()
