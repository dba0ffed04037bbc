#include "app/gui/export_dialog.h"

#include "app/gui/hf_export_job.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>

namespace qs::gui {

ExportDialog::ExportDialog(const QString& suggestedPath, QWidget* parent, const QString& format) : QDialog(parent) {
    setWindowTitle(tr("Export Quantized Model"));
    format_ = new QComboBox(this);
    format_->addItem(tr("GGUF (llama.cpp)"), QStringLiteral("gguf"));
    format_->addItem(tr("Hugging Face GPTQ folder (transformers, vLLM)"), QStringLiteral("hf-gptq"));
    format_->addItem(tr("Hugging Face AWQ folder (GEMM packing)"), QStringLiteral("hf-awq"));
    format_->addItem(tr("Hugging Face folder, dequantized float weights"), QStringLiteral("safetensors-dequant"));
    format_->setToolTip(tr("GGUF holds the plan's block types as llama.cpp reads them; the GPTQ and AWQ folders hold integer grids "
                           "planned in Compare or from a recipe; the dequantized folder holds the planned weights as floats."));
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
    pathLabel_ = new QLabel(tr("File:"), this);
    form->addRow(tr("Format:"), format_);
    form->addRow(pathLabel_, pathRow);
    form->addRow(QString(), measure_);
    form->addRow(QString(), openFolder_);
    form->addRow(buttons);
    setFormat(format);
    connect(format_, &QComboBox::currentIndexChanged, this, &ExportDialog::formatChanged);
    formatChanged();
}

void ExportDialog::setFormat(const QString& format) {
    const int i = format_->findData(format);
    if (i >= 0) format_->setCurrentIndex(i);
}

bool ExportDialog::isGguf() const { return format_->currentData().toString() == QStringLiteral("gguf"); }

void ExportDialog::formatChanged() {
    const bool gguf = isGguf();
    pathLabel_->setText(gguf ? tr("File:") : tr("Folder:"));
    measure_->setEnabled(gguf); // the Hugging Face exports report the plan's errors from executing it
    QString p = path_->text().trimmed();
    const bool hasSuffix = p.endsWith(QStringLiteral(".gguf"), Qt::CaseInsensitive);
    if (gguf && !hasSuffix && !p.isEmpty()) path_->setText(p + QStringLiteral(".gguf"));
    if (!gguf && hasSuffix) path_->setText(p.chopped(5));
}

void ExportDialog::browse() {
    if (!isGguf()) {
        const QString dir = QFileDialog::getExistingDirectory(this, tr("Export Folder"), path_->text());
        if (!dir.isEmpty()) path_->setText(dir);
        return;
    }
    const QString p = QFileDialog::getSaveFileName(this, tr("Export GGUF"), path_->text(), tr("GGUF files (*.gguf)"));
    if (!p.isEmpty()) path_->setText(p);
}

ExportRequest ExportDialog::request() const {
    ExportRequest r;
    r.format = format_->currentData().toString();
    r.path = path_->text().trimmed();
    if (r.format == QStringLiteral("gguf") && !r.path.endsWith(QStringLiteral(".gguf"), Qt::CaseInsensitive)) r.path += QStringLiteral(".gguf");
    r.measureError = measure_->isChecked();
    r.openFolder = openFolder_->isChecked();
    return r;
}

} // namespace qs::gui
