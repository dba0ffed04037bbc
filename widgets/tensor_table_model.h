#pragma once
// Table model over a Model's tensors: the same data as `quantscope-cli inspect`.
#include "core/model/model.h"

#include <QAbstractTableModel>
#include <memory>

namespace qs::widgets {

class TensorTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Name, Role, Block, Shape, DTypeCol, Params, Bytes, ColumnCount };
    enum { SortRole = Qt::UserRole + 1 };

    explicit TensorTableModel(QObject* parent = nullptr);
    void setModel(std::shared_ptr<const qs::Model> model);
    std::shared_ptr<const qs::Model> model() const { return model_; }
    const qs::TensorInfo* tensorAt(int row) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    std::shared_ptr<const qs::Model> model_;
};

QString formatBytes(double bytes);
QString formatCount(qint64 n);

} // namespace qs::widgets
