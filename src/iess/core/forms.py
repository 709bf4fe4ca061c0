from django import forms


class AccessibleForm(forms.Form):
    """Links each field to its help text and its error message (aria-describedby), and marks
    invalid fields (aria-invalid), so a screen reader reads the message with the field.

    Templates give the help text the id "<auto_id>-help" and the error list "<auto_id>-error".
    A subclass that changes a field's help text in its __init__ calls describe_fields() after.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.describe_fields()

    def add_service_error(self, error) -> None:
        field = error.field if error.field in self.fields else None
        self.add_error(field, str(error.message))

    def full_clean(self):
        super().full_clean()
        self.describe_fields()

    def add_error(self, field, error):
        super().add_error(field, error)
        self.describe_fields()

    def describe_fields(self):
        for name, field in self.fields.items():
            described = []
            # Not self[name].auto_id: that would cache the bound field (with its help text)
            # before a subclass has adapted the field. Not self.errors: that would validate.
            auto_id = self.auto_id % self.add_prefix(name) if self.auto_id else name
            if field.help_text:
                described.append(f"{auto_id}-help")
            if self._errors and name in self._errors:
                described.append(f"{auto_id}-error")
                field.widget.attrs["aria-invalid"] = "true"
            if described:
                field.widget.attrs["aria-describedby"] = " ".join(described)
