#pragma once
// Per-tensor error table of a quantization run (the exporter's report), sortable by any metric.
#include "core/export/gguf_export.h"
#include "core/runtime/kld.h"

#include <QAbstractTableModel>
#include <optional>

namespace qs::widgets {

class ResultsModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Name, Type, Bpw, Size, Rmse, Sqnr, Cosine, RelFrobenius, MaxAbs, Note, ColumnCount };
    enum { SortRole = Qt::UserRole + 1 };

    explicit ResultsModel(QObject* parent = nullptr);
    void setReport(const qs::GgufExportReport& report, uint64_t sourceBytes);
    void clear();
    // Perplexity and KL divergence of the current plan against the original (the Evaluate job).
    void setEvaluation(const qs::KldResult& evaluation);
    const std::optional<qs::KldResult>& evaluation() const { return evaluation_; }
    QString evaluationText() const;
    bool hasReport() const { return hasReport_; }
    const qs::GgufExportReport& report() const { return report_; }
    uint64_t sourceBytes() const { return sourceBytes_; }
    QString totalsText() const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    static QString columnToolTip(int column);

private:
    QString quantizeText() const;
    qs::GgufExportReport report_;
    uint64_t sourceBytes_ = 0;
    bool hasReport_ = false;
    std::optional<qs::KldResult> evaluation_;
};

} // namespace qs::widgets
