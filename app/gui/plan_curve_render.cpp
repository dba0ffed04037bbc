#include "app/gui/plan_curve_render.h"

#include "app/gui/plot_export.h"
#include "widgets/plan_curve_view.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <nlohmann/json.hpp>

namespace qs::gui {
namespace {

qs::widgets::CurvePoint pointOf(const nlohmann::json& p, const char* kld, const QString& label = {}) {
    return {p.at("bpw").get<double>(), p.at(kld).get<double>(), label};
}

} // namespace

QStringList renderPlanCurves(const QString& jsonPath, const QString& outDir, QString* error) {
    QFile f(jsonPath);
    if (!f.open(QIODevice::ReadOnly)) {
        if (error) *error = QCoreApplication::translate("qs::gui::renderPlanCurves", "Cannot read %1: %2").arg(jsonPath, f.errorString());
        return {};
    }
    QStringList written;
    try {
        const auto doc = nlohmann::json::parse(f.readAll().toStdString());
        if (doc.value("bench", std::string()) != "plan") throw std::runtime_error("not a bench plan JSON (\"bench\": \"plan\")");
        QDir().mkpath(outDir);
        for (const auto& m : doc.at("models")) {
            using qs::widgets::CurveSeries;
            CurveSeries measured{QCoreApplication::translate("qs::gui::renderPlanCurves", "Planner: mean KLD on the evaluation text"), CurveSeries::Line, QColor(60, 110, 190), {}};
            CurveSeries estimated{QCoreApplication::translate("qs::gui::renderPlanCurves", "Planner: estimated KLD (sum of measured increases)"), CurveSeries::DashedLine, QColor(120, 150, 200), {}};
            for (const auto& p : m.value("curve", nlohmann::json::array())) {
                measured.points.append(pointOf(p, "kld_mean"));
                if (p.contains("estimated_kld")) estimated.points.append(pointOf(p, "estimated_kld"));
            }
            CurveSeries llama{QCoreApplication::translate("qs::gui::renderPlanCurves", "llama.cpp mixture (same imatrix)"), CurveSeries::Points, QColor(220, 120, 40), {}};
            CurveSeries planner{QCoreApplication::translate("qs::gui::renderPlanCurves", "Planner at the mixture's size"), CurveSeries::Points, QColor(40, 150, 70), {}};
            for (const auto& r : m.value("rows", nlohmann::json::array())) {
                const QString name = QString::fromStdString(r.at("mixture").get<std::string>());
                llama.points.append(pointOf(r.at("llama"), "kld_mean", name));
                planner.points.append(pointOf(r.at("autoplan"), "kld_mean", QCoreApplication::translate("qs::gui::renderPlanCurves", "≤ %1").arg(name)));
            }
            QList<CurveSeries> series;
            for (const CurveSeries* s : {&measured, &estimated, &llama, &planner})
                if (!s->points.isEmpty()) series.append(*s);
            const QString model = QString::fromStdString(m.at("model").get<std::string>());
            const auto& eval = m.value("eval", nlohmann::json::object());
            qs::widgets::PlanCurveView view;
            view.resize(1000, 700);
            view.setTitle(QCoreApplication::translate("qs::gui::renderPlanCurves", "%1: size against mean KLD (%2, %3 chunks of %4)")
                              .arg(model, QFileInfo(QString::fromStdString(eval.value("text", std::string()))).fileName())
                              .arg(eval.value("chunks", 0))
                              .arg(eval.value("ctx", 0)));
            view.setSeries(series);
            const QString path = QDir(outDir).filePath(QStringLiteral("plan-curve-%1.png").arg(model));
            QString e;
            if (!savePlot(view.plot(), path, &e)) throw std::runtime_error(e.toStdString());
            written << path;
        }
    } catch (const std::exception& e) {
        if (error) *error = QCoreApplication::translate("qs::gui::renderPlanCurves", "%1: %2").arg(jsonPath, QString::fromUtf8(e.what()));
        return {};
    }
    return written;
}

} // namespace qs::gui
