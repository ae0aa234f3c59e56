from django import forms
from django.conf import settings

MAX_EXPORT_MB = 200


def media_folders() -> list[tuple[str, str]]:
    """Folders under IMPORT_MEDIA_ROOT on the server: copy an export's
    pictures there (by file name) before importing through the admin."""
    root = settings.IMPORT_MEDIA_ROOT
    folders = sorted(p.name for p in root.iterdir() if p.is_dir()) if root.is_dir() else []
    return [("", "No pictures")] + [(name, name) for name in folders]


class ImportForm(forms.Form):
    source = forms.ChoiceField(
        choices=[
            ("wordpress", "WordPress (WXR .xml)"),
            ("ghost", "Ghost (.json, or a .zip with its content/images)"),
            ("substack", "Substack (the export .zip)"),
        ]
    )
    export = forms.FileField(label="Export file")
    mapping = forms.FileField(
        required=False,
        label="Mapping (JSON, optional)",
        help_text='Categories and tags to regions and kinds, e.g. {"regions": {"EU": "europe"}, '
        '"default_kind": "news"}. Region and kind names map to themselves.',
    )
    media = forms.ChoiceField(required=False, label="Pictures folder", choices=())
    fetch = forms.BooleanField(
        required=False,
        label="Fetch pictures from the old site",
        help_text="Pictures the folder lacks are downloaded from their addresses in the export.",
    )
    site = forms.URLField(
        assume_scheme="https",
        required=False,
        label="The old site's address",
        help_text="For Ghost exports, which do not name it, e.g. https://magazine.example.org",
    )
    dry_run = forms.BooleanField(required=False, label="Dry run: report only, change nothing")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["media"].choices = media_folders()

    def clean_export(self):
        upload = self.cleaned_data["export"]
        if upload.size > MAX_EXPORT_MB * 1024 * 1024:
            raise forms.ValidationError(
                f"The file is over {MAX_EXPORT_MB} MB; import it with manage.py import_export."
            )
        return upload

    def clean_mapping(self):
        upload = self.cleaned_data.get("mapping")
        if not upload:
            return None
        try:
            return upload.read().decode("utf-8")
        except UnicodeDecodeError:
            raise forms.ValidationError("The mapping is not UTF-8 text.") from None
