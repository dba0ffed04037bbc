#include "app/gui/settings_dialog.h"

#include "core/util/thread_pool.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace qs::gui {
namespace {

QSpinBox* spin(int lo, int hi, int value, const QString& tip, QWidget* parent) {
    auto* s = new QSpinBox(parent);
    s->setRange(lo, hi);
    s->setValue(value);
    s->setToolTip(tip);
    return s;
}

} // namespace

QLineEdit* SettingsDialog::fileRow(const QString& value, const QString& tip, QFormLayout* form, const QString& label) {
    auto* edit = new QLineEdit(value, this);
    edit->setToolTip(tip);
    edit->setMinimumWidth(360);
    auto* browse = new QPushButton(tr("Browse…"), this);
    connect(browse, &QPushButton::clicked, this, [this, edit] {
        const QString p = QFileDialog::getOpenFileName(this, tr("Choose Text File"), edit->text(), tr("Text files (*.txt);;All files (*)"));
        if (!p.isEmpty()) edit->setText(p);
    });
    auto* row = new QHBoxLayout;
    row->addWidget(edit, 1);
    row->addWidget(browse);
    form->addRow(label, row);
    return edit;
}

SettingsDialog::SettingsDialog(const AppSettings& s, QWidget* parent) : QDialog(parent), initial_(s) {
    setWindowTitle(tr("Settings"));

    auto* jobs = new QGroupBox(tr("Jobs"), this);
    auto* jobsForm = new QFormLayout(jobs);
    threads_ = spin(0, 1024, s.threads, tr("Worker threads for quantization, statistics and evaluation; 0 uses one per CPU thread."), this);
    threads_->setSpecialValueText(tr("automatic (%1)").arg(qs::ThreadPool::hardwareThreads()));
    jobsForm->addRow(tr("Threads:"), threads_);

    auto* calib = new QGroupBox(tr("Calibration"), this);
    auto* calibForm = new QFormLayout(calib);
    calibration_ = fileRow(s.calibrationText, tr("UTF-8 text whose activations guide AWQ, GPTQ and the importance matrix."), calibForm,
                           tr("Text:"));
    samples_ = spin(1, 100000, s.samples, tr("Number of token windows taken from the calibration text."), this);
    sequenceLength_ = spin(8, 32768, s.sequenceLength, tr("Tokens per calibration window."), this);
    calibForm->addRow(tr("Samples:"), samples_);
    calibForm->addRow(tr("Sequence length:"), sequenceLength_);

    auto* eval = new QGroupBox(tr("Evaluation"), this);
    auto* evalForm = new QFormLayout(eval);
    evaluation_ = fileRow(s.evaluationText, tr("UTF-8 text for perplexity and KL divergence, ideally never seen in training."), evalForm,
                          tr("Text:"));
    context_ = spin(8, 32768, s.context, tr("Context length of each evaluation chunk (llama-perplexity's -c)."), this);
    chunks_ = spin(0, 1000000, s.chunks, tr("Chunks to evaluate; 0 evaluates the whole text."), this);
    chunks_->setSpecialValueText(tr("whole text"));
    evalForm->addRow(tr("Context:"), context_);
    evalForm->addRow(tr("Chunks:"), chunks_);

    auto* ui = new QGroupBox(tr("Interface"), this);
    auto* uiForm = new QFormLayout(ui);
    language_ = new QComboBox(this);
    language_->addItem(tr("System default"), QString());
    language_->addItem(QStringLiteral("English"), QStringLiteral("en"));
    language_->addItem(QStringLiteral("简体中文"), QStringLiteral("zh_CN"));
    language_->setCurrentIndex(std::max(0, language_->findData(s.language)));
    language_->setToolTip(tr("Language of the user interface; the whole window switches at once."));
    uiForm->addRow(tr("Language:"), language_);
    darkPalette_ = new QCheckBox(tr("Dark palette"), this);
    darkPalette_->setChecked(s.darkPalette);
    darkPalette_->setToolTip(tr("A dark window and plots (Fusion style); switches at once."));
    uiForm->addRow(QString(), darkPalette_);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel | QDialogButtonBox::RestoreDefaults, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(buttons->button(QDialogButtonBox::RestoreDefaults), &QPushButton::clicked, this, [this] {
        const AppSettings d;
        threads_->setValue(d.threads);
        samples_->setValue(d.samples);
        sequenceLength_->setValue(d.sequenceLength);
        context_->setValue(d.context);
        chunks_->setValue(d.chunks);
        calibration_->setText(sharedDataPath(QStringLiteral("calib-austen.txt")));
        evaluation_->setText(sharedDataPath(QStringLiteral("eval-persuasion.txt")));
    });

    auto* layout = new QVBoxLayout(this);
    for (QWidget* w : {static_cast<QWidget*>(jobs), static_cast<QWidget*>(calib), static_cast<QWidget*>(eval), static_cast<QWidget*>(ui)})
        layout->addWidget(w);
    layout->addWidget(buttons);
}

AppSettings SettingsDialog::settings() const {
    AppSettings s = initial_;
    s.threads = threads_->value();
    s.calibrationText = calibration_->text().trimmed();
    s.samples = samples_->value();
    s.sequenceLength = sequenceLength_->value();
    s.evaluationText = evaluation_->text().trimmed();
    s.context = context_->value();
    s.chunks = chunks_->value();
    s.language = language_->currentData().toString();
    s.darkPalette = darkPalette_->isChecked();
    return s;
}

} // namespace qs::gui
