#pragma once
// Export dialog: format, output path and options; the export itself runs as a job.
#include <QDialog>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;

namespace qs::gui {

struct ExportRequest {
    QString format = QStringLiteral("gguf"); // the CLI's --format name: gguf, hf-gptq, hf-awq, safetensors-dequant
    QString path;                            // a .gguf file, or a folder for the Hugging Face formats
    bool measureError = true;
    bool openFolder = true;
};

class ExportDialog : public QDialog {
    Q_OBJECT
public:
    // `format`: the one preselected (suggestedExportFormat); the path's extension follows the format.
    ExportDialog(const QString& suggestedPath, QWidget* parent = nullptr, const QString& format = QStringLiteral("gguf"));
    ExportRequest request() const;
    void setFormat(const QString& format);

private:
    void browse();
    void formatChanged();
    bool isGguf() const;
    QComboBox* format_;
    QLineEdit* path_;
    QCheckBox* measure_;
    QCheckBox* openFolder_;
    QLabel* pathLabel_;
};

} // namespace qs::gui
