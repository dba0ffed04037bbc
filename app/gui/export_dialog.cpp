#include "app/gui/export_dialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QPushButton>

namespace qs::gui {

ExportDialog::ExportDialog(const QString& suggestedPath, QWidget* parent) : QDialog(parent) {
    setWindowTitle(tr("Export Quantized Model"));
    format_ = new QComboBox(this);
    format_->addItem(tr("GGUF (llama.cpp)"));
    format_->setToolTip(tr("The file format to write; GGUF holds the plan's block types as llama.cpp reads them."));
    path_ = new QLineEdit(suggestedPath, this);
    path_->setMinimumWidth(420);
    auto* browse = new QPushButton(tr("Browse…"), this);
    connect(browse, &QPushButton::clicked, this, &ExportDialog::browse);
    auto* pathRow = new QHBoxLayout;
    pathRow->addWidget(path_, 1);
    pathRow->addWidget(browse);
    measure_ = new QCheckBox(tr("Measure the error of every tensor"), this);
    measure_->setChecked(true);
    measure_->setToolTip(tr("Dequantize each tensor after quantizing it and compare with the original (slower)."));
    openFolder_ = new QCheckBox(tr("Open the folder when done"), this);
    openFolder_->setChecked(true);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Export"));
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(path_, &QLineEdit::textChanged, this,
            [this, buttons](const QString& t) { buttons->button(QDialogButtonBox::Ok)->setEnabled(!t.trimmed().isEmpty()); });
    auto* form = new QFormLayout(this);
    form->addRow(tr("Format:"), format_);
    form->addRow(tr("File:"), pathRow);
    form->addRow(QString(), measure_);
    form->addRow(QString(), openFolder_);
    form->addRow(buttons);
}

void ExportDialog::browse() {
    const QString p = QFileDialog::getSaveFileName(this, tr("Export GGUF"), path_->text(), tr("GGUF files (*.gguf)"));
    if (!p.isEmpty()) path_->setText(p);
}

ExportRequest ExportDialog::request() const {
    ExportRequest r;
    r.path = path_->text().trimmed();
    if (!r.path.endsWith(QStringLiteral(".gguf"), Qt::CaseInsensitive)) r.path += QStringLiteral(".gguf");
    r.measureError = measure_->isChecked();
    r.openFolder = openFolder_->isChecked();
    return r;
}

} // namespace qs::gui
