#include "app/gui/dark_palette.h"

#include <QApplication>
#include <QPalette>
#include <QStyle>
#include <QStyleFactory>
#include <qcustomplot.h>

namespace qs::gui {

namespace {

// The style the application started with, remembered before the first switch to the dark palette.
QString& startupStyle() {
    static QString name;
    return name;
}

} // namespace

void applyDarkPalette() {
    if (startupStyle().isEmpty()) startupStyle() = QApplication::style()->name();
    QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
    QPalette p;
    const QColor window(45, 47, 51), base(32, 34, 37), text(225, 225, 225), disabled(127, 127, 127), accent(64, 128, 210);
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, QColor(52, 55, 60));
    p.setColor(QPalette::ToolTipBase, QColor(60, 63, 68));
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::PlaceholderText, disabled);
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, window);
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::BrightText, QColor(255, 90, 90));
    p.setColor(QPalette::Link, QColor(110, 170, 240));
    p.setColor(QPalette::Highlight, accent);
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::Mid, QColor(80, 83, 88));
    p.setColor(QPalette::Dark, QColor(25, 26, 28));
    p.setColor(QPalette::Light, QColor(75, 78, 84));
    for (auto role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText})
        p.setColor(QPalette::Disabled, role, disabled);
    QApplication::setPalette(p);
}

void applyStartupPalette() {
    if (startupStyle().isEmpty()) return; // never switched
    QApplication::setStyle(QStyleFactory::create(startupStyle()));
    QApplication::setPalette(QApplication::style()->standardPalette());
}

bool isDarkPalette() {
    const QPalette p = QApplication::palette();
    return p.color(QPalette::Window).lightness() < p.color(QPalette::WindowText).lightness();
}

void stylePlots(QWidget* root) {
    if (!root) return;
    for (QCustomPlot* plot : root->findChildren<QCustomPlot*>()) {
        const QPalette p = QApplication::palette(plot); // the application's, also right after a switch (the widget's own follows later)
        const QColor bg = p.color(QPalette::Base), fg = p.color(QPalette::Text);
        QColor grid = fg;
        grid.setAlpha(45);
        plot->setBackground(bg);
        for (QCPAxisRect* rect : plot->axisRects()) {
            rect->setBackground(bg);
            for (QCPAxis* axis : rect->axes()) {
                axis->setBasePen(QPen(fg, 1));
                axis->setTickPen(QPen(fg, 1));
                axis->setSubTickPen(QPen(fg, 1));
                axis->setTickLabelColor(fg);
                axis->setLabelColor(fg);
                axis->grid()->setPen(QPen(grid, 1, Qt::DotLine));
                axis->grid()->setZeroLinePen(QPen(grid, 1));
            }
        }
        if (QCPLegend* legend = plot->legend) {
            QColor lb = bg;
            lb.setAlpha(210);
            legend->setBrush(lb);
            legend->setTextColor(fg);
            legend->setBorderPen(QPen(grid));
        }
        // Legends placed in their own layout cell (the Compare chart) are found through the layout.
        for (int i = 0; i < plot->plotLayout()->elementCount(); ++i)
            if (auto* legend = qobject_cast<QCPLegend*>(plot->plotLayout()->elementAt(i))) {
                legend->setBrush(bg);
                legend->setTextColor(fg);
            }
        plot->replot(); // now: a plot on a hidden tab would otherwise show its old buffer when the tab is raised
    }
}

} // namespace qs::gui
