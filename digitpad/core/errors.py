"""Errors whose message is one clear sentence meant for the user."""


class DigitpadError(Exception):
    """A problem the user can act on; `str(error)` is the whole message."""

    def sentences(self) -> list[str]:
        """The message as the lines to show, one sentence each (usually just one)."""
        return [str(self)]


class DataError(DigitpadError):
    """MNIST could not be found, read or trusted."""


class ModelError(DigitpadError):
    """A model file is missing, unreadable, unsafe or not a digit classifier."""


class ImageError(DigitpadError):
    """An image could not be read or holds values we cannot interpret."""
