"""Where the Train dialog reads MNIST from: the Keras cache, or a local folder or file.

The choice is remembered (`core.models.choices`, shared with the command line's
`train --data`), and Fine-tune and Evaluate read MNIST from the same place.
Typing a path picks the local source; the buttons browse for a folder of IDX
files or a `mnist.npz`.
"""

from __future__ import annotations

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QButtonGroup,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from digitpad.core.models import choices
from digitpad.gui.i18n import Retranslating


class DataSourceBox(Retranslating, QGroupBox):
    """The "MNIST data" section: the Keras cache, or a local path."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        self.keras_source = QRadioButton()
        self.keras_source.setObjectName("source_keras")
        self.local_source = QRadioButton()
        self.local_source.setObjectName("source_local")
        group = QButtonGroup(self)
        group.addButton(self.keras_source)
        group.addButton(self.local_source)
        self.data_path = QLineEdit()
        self.data_path.setObjectName("data_path")
        self._folder_button = QPushButton()
        self._folder_button.clicked.connect(self._choose_folder)
        self._file_button = QPushButton()
        self._file_button.clicked.connect(self._choose_file)
        row = QHBoxLayout()
        row.addWidget(self.local_source)
        row.addWidget(self.data_path, 1)
        row.addWidget(self._folder_button)
        row.addWidget(self._file_button)
        layout.addWidget(self.keras_source)
        layout.addLayout(row)
        remembered = choices.data_choice()  # shared with the CLI's `train --data`
        self.data_path.setText(remembered.path)
        (self.local_source if remembered.local else self.keras_source).setChecked(True)
        self.data_path.textEdited.connect(lambda _: self.local_source.setChecked(True))
        self.retranslate()

    def retranslate(self) -> None:
        self.setTitle(self.tr("MNIST data"))
        self.keras_source.setText(self.tr("Keras cache (downloaded once, about 11 MB)"))
        self.local_source.setText(self.tr("Local folder (IDX files) or mnist.npz:"))
        self.data_path.setPlaceholderText(
            self.tr("a folder with train-images-idx3-ubyte… or a mnist.npz")
        )
        self._folder_button.setText(self.tr("Folder…"))
        self._file_button.setText(self.tr("File…"))

    def source(self) -> str | None:
        """The MNIST source to load: a path, or None for $DIGITPAD_MNIST / the Keras cache."""
        if self.local_source.isChecked():
            return self.data_path.text().strip() or None
        return None

    def path_missing(self) -> bool:
        """The local source is picked but no path is given."""
        return self.local_source.isChecked() and not self.data_path.text().strip()

    def remember(self) -> None:
        """Keep the choice for the next run (and the command line)."""
        choices.remember_data(local=self.local_source.isChecked(), path=self.data_path.text())

    @Slot()
    def _choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, self.tr("Folder with the MNIST IDX files"), self.data_path.text()
        )
        if folder:
            self.data_path.setText(folder)
            self.local_source.setChecked(True)

    @Slot()
    def _choose_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("MNIST file"),
            self.data_path.text(),
            self.tr("MNIST (*.npz);;All files (*)"),
        )
        if path:
            self.data_path.setText(path)
            self.local_source.setChecked(True)
