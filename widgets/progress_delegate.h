#pragma once
// Paints a model's FractionRole (0…1) as a progress bar.
#include <QStyledItemDelegate>

namespace qs::widgets {

class ProgressDelegate : public QStyledItemDelegate {
    Q_OBJECT
public:
    ProgressDelegate(int fractionRole, QObject* parent = nullptr) : QStyledItemDelegate(parent), role_(fractionRole) {}
    void paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const override;

private:
    int role_;
};

} // namespace qs::widgets
