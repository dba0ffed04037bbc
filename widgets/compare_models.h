#pragma once
// Item models over a method comparison (core compareMethods): the per-layer errors, one column per method,
// and the whole-model summary (perplexity, KL divergence, top-1 agreement, size), one row per method.
#include "core/pipeline/compare.h"

#include <QAbstractTableModel>
#include <memory>

namespace qs::widgets {

using ComparisonPtr = std::shared_ptr<const qs::Comparison>;

class CompareLayerModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum { SortRole = Qt::UserRole + 1 };
    explicit CompareLayerModel(QObject* parent = nullptr);
    void setComparison(ComparisonPtr comparison);
    const ComparisonPtr& comparison() const { return cmp_; }
    // Column 0 is the layer; then relative output error for each method, then weight MSE for each.
    int methodCount() const;
    int errorColumn(int method) const { return 1 + method; }
    int mseColumn(int method) const { return 1 + methodCount() + method; }
    QString layerName(int row) const;
    int bestMethod(int row) const; // lowest relative output error, -1 when there is no row

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    ComparisonPtr cmp_;
};

class CompareSummaryModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Method, Spec, Ppl, PplRatio, KldMean, KldP99, Top1, Size, Bpw, Seconds, ColumnCount };
    explicit CompareSummaryModel(QObject* parent = nullptr);
    void setComparison(ComparisonPtr comparison);
    // Row 0 is the original model, then one row per method.
    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    static QString columnToolTip(int column);

private:
    ComparisonPtr cmp_;
};

QString methodLabel(qs::QuantMethod method); // "RTN", "GPTQ", …

} // namespace qs::widgets
