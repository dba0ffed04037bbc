#pragma once
// Export dialog: format, output path and options; the export itself runs as a job.
#include <QDialog>

class QCheckBox;
class QComboBox;
class QLineEdit;

namespace qs::gui {

struct ExportRequest {
    QString path;
    bool measureError = true;
    bool openFolder = true;
};

class ExportDialog : public QDialog {
    Q_OBJECT
public:
    ExportDialog(const QString& suggestedPath, QWidget* parent = nullptr);
    ExportRequest request() const;

private:
    void browse();
    QComboBox* format_;
    QLineEdit* path_;
    QCheckBox* measure_;
    QCheckBox* openFolder_;
};

} // namespace qs::gui
