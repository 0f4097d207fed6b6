# The round on the "Governance team" page: bash docs/round.sh [DIR] prints every command and what it
# printed, with its exit code, running in DIR (default: a new temporary folder).
set -u
seed="$(cd "$(dirname "$0")/.." && pwd)/src/govsheet/seeds/ags-action-plan.txt"
dir="${1:-$(mktemp -d)}"
mkdir -p "$dir" && cd "$dir"
cp "$seed" .
show(){ local out="" a; for a in "$@"; do if [[ "$a" =~ [^A-Za-z0-9_./=:-] ]]; then out+="'${a//\'/\'\\\'\'}' "; else out+="$a "; fi; done; echo "\$ ${out% }"; }
run(){ show "$@"; "$@" 2>&1; echo "[exit $?]"; echo; }
run govsheet import ags-action-plan.txt --schema ags-action-plan -o master.xlsx --report import-report.txt --round "2020/21 Q3"
run govsheet validate master.xlsx --today 2021-01-15
run govsheet issue master.xlsx -o returns --round "2020/21 Q3" --due 2021-01-29 --contact "governance@council.example"
echo "=== officers"
run govsheet edit returns/group-manager-assurance.xlsx --set "Actions!G9=Completed" --set "Actions!I9=Dashboard for Place and Children & Families launched in December 2020." --set "Actions!I10=Assurance feeds live for all departments."
run govsheet edit returns/group-manager-legal-democratic-complaints.xlsx --set "Actions!G2=Compleated" --set "Actions!I2=Constitution adopted by Council." --set "Actions!E2=June 2021" --force
run govsheet edit returns/group-manager-legal-democratic-complaints.xlsx --set "Actions!J2=June 2021" --set "Actions!K2=Full Council adopts the constitution in May."
echo "=== team edits master"
run govsheet edit master.xlsx --set "Actions!I15=Feeds agreed with CLT in January 2021."
run govsheet validate returns/group-manager-legal-democratic-complaints.xlsx --today 2021-01-15
run govsheet merge master.xlsx returns/group-manager-assurance.xlsx returns/group-manager-legal-democratic-complaints.xlsx --dry-run
cp master.xlsx master-before.xlsx
run govsheet merge master.xlsx returns/group-manager-assurance.xlsx returns/group-manager-legal-democratic-complaints.xlsx --decisions decisions.xlsx
run govsheet merge master.xlsx returns/group-manager-assurance.xlsx
echo "=== the team decides"
run govsheet edit decisions.xlsx --set "Decisions!K2=Take the officer's" --set "Decisions!M2=Feeds went live after CLT agreed them." --set "Decisions!N2=A. Analyst" --set "Decisions!K3=Keep the master" --set "Decisions!M3=Asked for in Proposed target instead." --set "Decisions!N3=A. Analyst" --set "Decisions!K4=Another value" --set "Decisions!L4=May 2021" --set "Decisions!M4=Agreed with the officer: two months more." --set "Decisions!N4=A. Analyst"
run govsheet resolve master.xlsx decisions.xlsx --dry-run
run govsheet resolve master.xlsx decisions.xlsx
run govsheet audit master.xlsx
run govsheet render master.xlsx --format html -o committee.html --where "not closed" --date 2021-02-01
run govsheet render master.xlsx --format docx -o overdue.docx --where "overdue" --date 2021-02-01
run govsheet render master.xlsx --format xlsx -o committee.xlsx --date 2021-02-01
run govsheet diff master-before.xlsx master.xlsx
run govsheet roll master.xlsx --round "2020/21 Q4" -o master-q4.xlsx
run govsheet audit master-q4.xlsx
