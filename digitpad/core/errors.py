"""Errors whose message is one clear sentence meant for the user."""


class DigitpadError(Exception):
    """A problem the user can act on; `str(error)` is the whole message."""

    def sentences(self) -> list[str]:
        """The message as the lines to show, one sentence each (usually just one)."""
        return [str(self)]


class DataError(DigitpadError):
    """MNIST could not be found, read or trusted.

    When the way out is to point digitpad at a copy of MNIST, the sentence ends
    with that advice, worded for the command line (``--data PATH``). The window
    has no such option: it re-words the advice for its own controls with
    `worded`, so the template and its fields are kept apart (`advice_template`).
    """

    def __init__(
        self, message: str, *, advice_template: str | None = None, **fields: object
    ) -> None:
        super().__init__(message)
        self.advice_template = advice_template  # holds "{how_to}", in the user's language
        self.fields = fields

    @property
    def needs_source(self) -> bool:
        """The user can fix it by choosing where MNIST is."""
        return self.advice_template is not None

    def worded(self, how_to: str) -> str:
        """The same sentence with `how_to` as the advice (unchanged if it has none)."""
        if self.advice_template is None:
            return str(self)
        return self.advice_template.format(how_to=how_to, **self.fields)


class ModelError(DigitpadError):
    """A model file is missing, unreadable, unsafe or not a digit classifier."""


class ImageError(DigitpadError):
    """An image could not be read or holds values we cannot interpret."""
