"""The right half of the window: the predicted digit, the 28×28 input, the ten probabilities.

It shows one `Prediction` at a time (None: the pad is blank) and tells screen
readers when the reading changes. The chart's columns and the sample counts
under it belong here too, as they sit below the prediction.

A softmax always names a digit, even for a dot or a star; the prediction's
judgement says whether the drawing looks like a digit at all. When it says
no, the panel says "Not a digit?" with the nearest digit in small type and
greys the bars, unless a teacher has switched the judgement off (View menu)
to show what the bare softmax does. The line under the digit names both numbers a
student sees: the calibrated confidence (the probability that the named digit is
right) and, below it, the softmax bar it comes from ("confidence 88.9%" over "softmax
bar 99.1%"), so two different percentages never stand side by side unexplained.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import (
    QAccessible,
    QAccessibleAnnouncementEvent,
    QColor,
    QFont,
    QFontMetrics,
    QPalette,
    QResizeEvent,
)
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from digitpad.core.i18n import chance, percent
from digitpad.core.inference.judgement import DOUBT_AT_MOST, JUDGE_BASELINE, SHOWN_AT_MOST
from digitpad.gui.colours import GREY
from digitpad.gui.export import Caption, ColourScale, add_export_menu
from digitpad.gui.i18n import Retranslating
from digitpad.gui.labels import WrappingLabel, paragraph
from digitpad.gui.pad.network_input import NetworkInput
from digitpad.gui.pad.probability_chart import ProbabilityChart
from digitpad.gui.zoom import factor, follow_zoom, scale_font

if TYPE_CHECKING:
    from digitpad.core.inference.prediction import Prediction

DIGIT_HEIGHT = 0.8  # the predicted digit's glyph fills this share of its label's height
PROMPT_SCALE = 1.4  # the "Draw a digit" prompt: a little larger than the text around it
NOT_A_DIGIT_SCALE = 1.8  # "Not a digit?": plainly readable, yet not as loud as a digit
NOTICE_SCALE = 0.85  # the small print under the confidence


class PredictionPanel(Retranslating, QWidget):
    """Prediction, confidence, the network's input, the probability chart, the sample counts."""

    announced = Signal(str)  # what was just announced to screen readers

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.prediction = QLabel()
        self.prediction.setObjectName("prediction")
        self.prediction.setAlignment(Qt.AlignmentFlag.AlignCenter)
        # Its font follows its size (`_fit_font`), so its size must not follow its font.
        self.prediction.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.prediction.setFocusPolicy(Qt.FocusPolicy.TabFocus)  # a screen reader can land on it
        self.confidence = WrappingLabel()
        self.confidence.setObjectName("confidence")
        self.confidence.setAlignment(Qt.AlignmentFlag.AlignCenter)
        # Shown while the model in use carries no judgement statistics.
        self.judge_notice = WrappingLabel()
        self.judge_notice.setObjectName("judge_notice")
        self.judge_notice.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.judge_notice.hide()
        # The moment of training the reading is from, while training's network or a snapshot
        # reads the pad ("learning: epoch 1, batch 120 of 469"; `set_note`).
        self.reading_note = WrappingLabel()
        self.reading_note.setObjectName("reading_note")
        self.reading_note.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.reading_note.setTextFormat(Qt.TextFormat.PlainText)
        font = self.reading_note.font()
        font.setBold(True)
        self.reading_note.setFont(font)
        self.reading_note.hide()
        self.note: str | None = None
        self.network_input = NetworkInput()
        self.probability_chart = ProbabilityChart()
        # Wrapped where the panel is narrow (a projector, zoomed), each keeping room for
        # its lines, so nothing slides under the chart at the window's least size.
        self.samples_label = WrappingLabel()
        self.samples_label.setObjectName("samples_label")
        self.samples_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.prediction_caption = _caption()
        self.input_caption = _caption()
        prediction_box = QVBoxLayout()
        prediction_box.addWidget(self.prediction_caption)
        prediction_box.addWidget(self.prediction, 1)
        prediction_box.addWidget(self.confidence)
        prediction_box.addWidget(self.judge_notice)
        prediction_box.addWidget(self.reading_note)
        input_box = QVBoxLayout()
        input_box.addWidget(self.input_caption)
        input_box.addWidget(self.network_input, 1)
        top = QHBoxLayout()
        top.addLayout(prediction_box, 1)
        top.addLayout(input_box, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top, 2)
        layout.addWidget(self.probability_chart, 3)
        layout.addWidget(self.samples_label)

        self.shown: Prediction | None = None
        self.waiting = False  # something is drawn but no model is loaded yet
        self.judging = True  # say "Not a digit?" when the judgement says so (a teacher's switch)
        self.counts: list[int] | None = None
        self._announced: tuple[int, bool] | None = None  # the reading last announced
        follow_zoom(self, self._on_zoom)
        add_export_menu(
            self.probability_chart,
            lambda: Caption([self.probability_chart.chart().title(), self.reading()]),
            "digitpad-probabilities",
        )
        add_export_menu(
            self.network_input,
            lambda: Caption(
                [self.input_caption.text(), self.reading()],
                ColourScale(GREY, self.tr("0 (black)"), self.tr("1 (white)")),
            ),
            "digitpad-input",
        )
        self.retranslate()

    def _on_zoom(self, zoom: float) -> None:
        self.prediction.setMinimumSize(round(110 * zoom), round(90 * zoom))
        self._fit_font()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_font()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.PaletteChange):
            self._fit_font()
        super().changeEvent(event)

    def _fit_font(self) -> None:
        """The digit as large as its place allows (it grows with the window); "Not a digit?"
        plainly readable; the prompt quiet: the text size, in the placeholder colour."""
        label = self.prediction
        if self.shown is None:
            font = scale_font(self.font(), PROMPT_SCALE)
            role = QPalette.ColorRole.PlaceholderText
        elif self.rejects(self.shown):
            font = scale_font(self.font(), NOT_A_DIGIT_SCALE)
            font.setBold(True)
            _shrink_to(font, label.text(), label.width())  # a narrow panel, a long language
            role = QPalette.ColorRole.WindowText
        else:
            font = self.font()
            font.setBold(True)
            side = min(label.height(), round(label.width() * 1.2))
            font.setPixelSize(max(round(24 * factor()), round(side * DIGIT_HEIGHT)))
            role = QPalette.ColorRole.WindowText
        if font != label.font():
            label.setFont(font)
        _set_text_colour(label, self.palette().color(role))
        notice = scale_font(self.font(), NOTICE_SCALE)
        if notice != self.judge_notice.font():
            self.judge_notice.setFont(notice)
        _set_text_colour(
            self.judge_notice, self.palette().color(QPalette.ColorRole.PlaceholderText)
        )

    def rejects(self, prediction: Prediction) -> bool:
        """True when the panel shows `prediction` as "Not a digit?"."""
        return self.judging and self.note is None and not prediction.is_digit

    def reading(self) -> str:
        """What the panel shows, in one sentence (a caption for exported pictures)."""
        if self.shown is None:
            return self.tr("Nothing is drawn on the pad.")
        said = self._said(self.shown)
        return said if self.note is None else f"{said} ({self.note})"

    def _said(self, prediction: Prediction) -> str:
        if self.rejects(prediction):
            return self.tr(
                "This does not look like a digit to the network; the nearest digit is {digit} "
                "(softmax {percent})."
            ).format(digit=prediction.digit, percent=chance(prediction.top_probability))
        return self.tr("The network reads {digit}, {confidence}.").format(
            digit=prediction.digit, confidence=", ".join(self._confidence(prediction))
        )

    def _confidence(self, prediction: Prediction) -> list[str]:
        """The confidence, then the bar it comes from, each named, on lines of their own (one
        line holding both would widen the panel and squeeze the pad as the numbers change); a
        model without calibration, or a moment of training, has only the bar (the judgement's
        statistics were fitted to the finished model, not to this one)."""
        bar = chance(prediction.top_probability)
        if self.note is not None:
            return [self.tr("softmax bar {percent}").format(percent=bar)]
        if prediction.judge == JUDGE_BASELINE or prediction.calibrated is None:
            return [
                self.tr("confidence {percent}").format(percent=bar),
                self.tr("= its softmax bar"),
            ]
        return [
            self.tr("confidence {percent}").format(percent=chance(prediction.confidence)),
            self.tr("softmax bar {percent}").format(percent=bar),
        ]

    def set_note(self, note: str | None) -> None:
        """Say which moment of training reads the pad ("learning: epoch 1, batch 120 of 469";
        None: the model in use). While a note is shown the bars are the bare softmax: the
        digit judgement's statistics were fitted to the finished model, not to this one."""
        if note == self.note:
            return
        self.note = note
        self.reading_note.setText(note or "")
        self.reading_note.setVisible(note is not None)
        self.show_prediction(self.shown, announce=False)

    def retranslate(self) -> None:
        self.prediction_caption.setText(self.tr("Prediction"))
        self.input_caption.setText(self.tr("What the network sees (28×28)"))
        self.samples_label.setToolTip(
            paragraph(
                self.tr(
                    "Your own examples per digit. Wrong prediction? Press the right digit key on "
                    "the pad (or click its column above) to keep the drawing as an example of it."
                )
            )
        )
        self.judge_notice.setText(self.tr("No usable digit statistics: judged by the top bar"))
        self.judge_notice.setToolTip(
            paragraph(
                self.tr(
                    "This model file carries no usable statistics of what digits look like "
                    "inside the network (models trained by digitpad do; the status bar says when "
                    "a file's are damaged or another network's). Whether a drawing is a digit is "
                    "judged by its largest probability alone, and the confidence is that "
                    "probability, not calibrated."
                )
            )
        )
        self.prediction.setAccessibleName(self.tr("Prediction"))
        self.confidence.setAccessibleName(self.tr("Confidence"))
        self.show_counts(self.counts)
        self.show_prediction(self.shown, announce=False)

    def set_judging(self, judging: bool) -> None:
        """Say "Not a digit?" when the judgement says so (True), or always name the digit."""
        self.judging = judging
        self.show_prediction(self.shown, announce=False)

    def show_prediction(self, prediction: Prediction | None, announce: bool = True) -> None:
        """Show what the network made of the drawing (None: the pad is blank)."""
        self.shown = prediction
        if prediction is None:
            # A quiet prompt, not a heavy mark where the digit goes.
            self.prediction.setText("" if self.waiting else self.tr("Draw a digit"))
            self.prediction.setToolTip("")
            self.confidence.setText(self.tr("Waiting for the model…") if self.waiting else "")
            self.confidence.setToolTip("")
            self.judge_notice.hide()
            self.prediction.setAccessibleDescription(self.tr("The pad is blank: draw a digit."))
            self.probability_chart.set_probabilities(None)
            self.probability_chart.set_greyed(False)
            self.network_input.set_image(None)
            self._announced = None
            self._fit_font()
            return
        rejected = self.rejects(prediction)
        if rejected:
            self.prediction.setText(self.tr("Not a digit?"))
            self.prediction.setToolTip(paragraph(self._rejection_tip(prediction)))
            self.confidence.setText(
                self.tr("nearest digit {digit}").format(digit=prediction.digit)
                + "\n"
                + self.tr("softmax bar {percent}").format(
                    percent=chance(prediction.top_probability)
                )
            )
            self.confidence.setToolTip(
                paragraph(self.tr("The digit with the tallest bar, and its bar"))
            )
        else:
            self.prediction.setText(str(prediction.digit))
            self.prediction.setToolTip(self.tr("The digit the network finds most likely"))
            self.confidence.setText("\n".join(self._confidence(prediction)))
            self.confidence.setToolTip(paragraph(self._confidence_tip(prediction)))
        baseline = prediction.judge == JUDGE_BASELINE
        self.judge_notice.setVisible(self.judging and self.note is None and baseline)
        said = self._said(prediction)
        self._fit_font()
        self.prediction.setAccessibleDescription(said)
        self.probability_chart.set_probabilities(prediction.probabilities.tolist())
        self.probability_chart.set_greyed(rejected)
        self.network_input.set_image(prediction.input)
        reading = (prediction.digit, rejected)
        if announce and reading != self._announced:
            self._announce(said)  # only when the reading changes, not on every stroke
            self._announced = reading

    def _rejection_tip(self, prediction: Prediction) -> str:
        if prediction.judge == JUDGE_BASELINE:
            return self.tr(
                "No digit gets a tall enough bar for this to be read as a digit. A softmax "
                "always names some digit; this is the nearest one, not an answer."
            )
        return self.tr(
            "The network's layers (the maps its filters draw, the layer that feeds its output) "
            "do not respond to this drawing the way they respond to handwritten digits. A "
            "softmax always names some digit; this is the nearest one, not an answer."
        )

    def _confidence_tip(self, prediction: Prediction) -> str:
        if self.note is not None:
            return self.tr(
                "The probability the network gives this digit (its bar) at this moment of its "
                "training."
            )
        if prediction.judge == JUDGE_BASELINE or prediction.calibrated is None:
            return self.tr(
                "The probability the network gives this digit: its softmax bar in the chart. "
                "This model has no calibration, so it is not the chance that the reading is right."
            )
        tip = self.tr(
            "Confidence: the chance that {digit} is the right reading. Of the drawings shown "
            "with a confidence of {ninety}, about nine in ten are read right. It is calibrated "
            "on digits the network did not train on, from the softmax bar of {digit} (the "
            "chart's {bar}), so the two can differ."
        ).format(
            digit=prediction.digit,
            ninety=percent(0.9, 0),
            bar=chance(prediction.top_probability),
        )
        if prediction.doubtful:  # the judgement's doubt band: shown at most 90 %
            return (
                tip
                + " "
                + self.tr(
                    "The network's layers respond to this drawing less like a digit than they do "
                    "to most digits, so the confidence is shown at {cap} at most."
                ).format(cap=percent(DOUBT_AT_MOST, 0))
            )
        return (
            tip
            + " "
            + self.tr("No reading is certain: it is never shown above {cap}.").format(
                cap=percent(SHOWN_AT_MOST, 0)
            )
        )

    def set_waiting(self, waiting: bool) -> None:
        """Something is drawn while no model is loaded yet (or no longer)."""
        self.waiting = waiting
        if self.shown is None:
            self.show_prediction(None)

    def _announce(self, message: str) -> None:
        """Have a screen reader say `message` (politely, after what it is saying now)."""
        QAccessible.updateAccessibility(QAccessibleAnnouncementEvent(self.prediction, message))
        self.announced.emit(message)

    def show_counts(self, counts: list[int] | None) -> None:
        """The user's samples per digit (None: still being counted)."""
        self.counts = counts
        if counts is None:
            self.samples_label.setText(self.tr("My samples: counting…"))
            return
        per_digit = "  ".join(f"{d}: {c}" for d, c in enumerate(counts))
        self.samples_label.setText(
            self.tr("My samples ({total}):  {per_digit}").format(
                total=sum(counts), per_digit=per_digit
            )
        )


def _caption() -> WrappingLabel:
    """A bold caption over a picture, centred, wrapped when narrow."""
    label = WrappingLabel()
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    return label


def _shrink_to(font: QFont, text: str, width: int) -> None:
    """Make `font` smaller, if need be, until `text` is at most `width` pixels wide."""
    wide = QFontMetrics(font).horizontalAdvance(text)
    while wide > width > 0 and font.pointSizeF() > 1.0:  # sizes round: a step or two more
        font.setPointSizeF(max(1.0, font.pointSizeF() * min(0.97, width / wide)))
        wide = QFontMetrics(font).horizontalAdvance(text)


def _set_text_colour(label: QLabel, colour: QColor) -> None:
    palette = label.palette()
    if palette.color(QPalette.ColorRole.WindowText) != colour:
        palette.setColor(QPalette.ColorRole.WindowText, colour)
        label.setPalette(palette)
