#pragma once
// Table model over a Model's tensors: what `quantscope-cli inspect` shows, plus the columns the
// workbench fills in as data arrives (weight statistics, the plan, the error after quantization).
#include "core/model/model.h"
#include "core/quant/spec.h"

#include <QAbstractTableModel>
#include <memory>
#include <optional>
#include <vector>

namespace qs::widgets {

// The per-tensor statistics the table shows (from core TensorStats, computed in a job).
struct StatsSummary {
    double absmax = 0;
    double kurtosis = 0;      // excess kurtosis
    double outlierRatio = 0;  // fraction of weights beyond the outlier threshold
};

class TensorTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column {
        Name, Role, Block, Shape, DTypeCol, Params, Bytes, Absmax, Kurtosis, Outliers, Planned, PlannedBpw, Error,
        ColumnCount
    };
    enum { SortRole = Qt::UserRole + 1, TensorIndexRole };

    explicit TensorTableModel(QObject* parent = nullptr);
    void setModel(std::shared_ptr<const qs::Model> model);
    std::shared_ptr<const qs::Model> model() const { return model_; }
    const qs::TensorInfo* tensorAt(int row) const;

    void setStats(int row, const StatsSummary& stats);
    // Indexed like model.tensors(); `specs` (may be empty) override the type where set.
    void setPlan(const std::vector<qs::DType>& plan, const std::vector<std::optional<qs::QuantSpec>>& specs = {});
    void setErrors(const std::vector<std::optional<double>>& relError); // relative Frobenius error per tensor

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // One sentence explaining a column, shared by headers and other views.
    static QString columnToolTip(int column);

private:
    QVariant display(const qs::TensorInfo& t, int row, int column) const;
    QVariant sortValue(const qs::TensorInfo& t, int row, int column) const;
    void columnChanged(int column);

    std::shared_ptr<const qs::Model> model_;
    std::vector<std::optional<StatsSummary>> stats_;
    std::vector<qs::DType> plan_;
    std::vector<std::optional<qs::QuantSpec>> specs_;
    const std::optional<qs::QuantSpec>& specAt(int row) const;
    std::vector<std::optional<double>> errors_;
};

// The name within its block ("mlp.down_proj.weight" for block tensors), the full name otherwise.
QString displayName(const qs::TensorInfo& t);
QString formatBytes(double bytes);
QString formatCount(qint64 n);
QString dtypeName(qs::DType t);
QString roleLabel(qs::TensorRole r);
QString shapeText(const std::vector<int64_t>& shape);

} // namespace qs::widgets
