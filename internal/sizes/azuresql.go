package sizes

import (
	"math/big"
	"regexp"
	"strconv"
	"strings"
)

// Azure SQL vCore SKUs (GP_Gen5_2, BC_Gen5_8, HS_Gen5_4, GP_S_Gen5_1 for
// serverless): service tier, hardware generation and vCores. The tier and
// the hardware are the family; the vCores scale (Azure SQL Database,
// "vCore purchasing model").
var azureSQLPattern = regexp.MustCompile(`^(GP|BC|HS)(_S)?_(Gen4|Gen5|Fsv2|DC|M|8IM|8IH|FSv2)_([0-9]+)$`)

// azureSQLVCores are the vCore counts the tiers offer.
var azureSQLVCores = []int64{1, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 24, 32, 40, 48, 56, 64, 72, 80, 96, 128}

type azureSQLSKU struct {
	raw    string
	fam    string // "GP_Gen5", "GP_S_Gen5"
	vcores int64
}

func parseAzureSQL(s string) (size, bool, error) {
	m := azureSQLPattern.FindStringSubmatch(s)
	if m == nil {
		return nil, false, nil
	}
	n, err := strconv.ParseInt(m[4], 10, 64)
	if err != nil || n == 0 {
		return nil, false, nil
	}
	return &azureSQLSKU{raw: s, fam: m[1] + m[2] + "_" + m[3], vcores: n}, true, nil
}

func (a *azureSQLSKU) ladder() string      { return LadderAzureSQL }
func (a *azureSQLSKU) magnitude() *big.Rat { return ratInt(a.vcores) }
func (a *azureSQLSKU) text() string        { return a.raw }
func (a *azureSQLSKU) family() string      { return a.fam }
func (a *azureSQLSKU) key() string         { return strings.ToLower(a.raw) }
func (a *azureSQLSKU) name(n int64) string { return a.fam + "_" + strconv.FormatInt(n, 10) }

func (a *azureSQLSKU) scale(ratio *big.Rat, r Rounding, minimum size) (outcome, error) {
	values := sortedSteps(append(ratsFromInts(azureSQLVCores), ratInt(a.vcores)))
	target := mul(ratInt(a.vcores), ratio)
	b := listBracket(values, target, func(v *big.Rat) step {
		name := a.name(v.Num().Int64())
		return step{name: name, key: strings.ToLower(name), value: v}
	})
	b.targetText = FormatRatio(target) + " vCores"
	var min *step
	if m, ok := minimum.(*azureSQLSKU); ok {
		min = &step{name: m.raw, key: m.key(), value: m.magnitude()}
	}
	return discrete(LadderAzureSQL, a.raw, ratio, b, r, min), nil
}
