// Package sizes scales a production size by a staging ratio on the ladder the
// size belongs to (AWS instance types, GCP machine types, Azure VM sizes,
// Kubernetes quantities and plain numbers) and checks a staging size against
// the result.
//
// All arithmetic is exact (math/big): a ratio such as 0.1 must not turn into
// 0.1000000000000000055 and make a correct staging size look wrong.
package sizes

import (
	"errors"
	"fmt"
	"math"
	"math/big"
	"slices"
	"strconv"
	"strings"
)

// Rounding says which sizes are accepted when production × ratio is not a
// step of the ladder.
type Rounding string

// Rounding modes. The empty Rounding means RoundEither.
const (
	RoundEither  Rounding = "either"
	RoundNearest Rounding = "nearest"
	RoundUp      Rounding = "up"
	RoundDown    Rounding = "down"
)

// Ladder names, as reported by Detect and Result.Ladder.
const (
	LadderAWS   = "aws"
	LadderGCP   = "gcp"
	LadderAzure = "azure"
	// LadderAppService is Azure App Service plan SKUs (P1v3).
	LadderAppService = "azure-app-service"
	// LadderAzureSQL is Azure SQL vCore SKUs (GP_Gen5_4).
	LadderAzureSQL = "azure-sql"
	// LadderTier is a named tier (DW400c, Medium, Premium_2, X-LARGE, M30).
	LadderTier = "tier"
	// LadderLightsail is Amazon Lightsail bundles (small_3_0, medium_ha_1_0).
	LadderLightsail = "lightsail"
	LadderQuantity  = "quantity"
	LadderNumber    = "number"
)

// Result of scaling a production size by a ratio.
type Result struct {
	// Expected is the size the rounding prefers; for "either" the nearest,
	// ties to the larger.
	Expected string
	// Accepted lists every accepted staging size: one element when the product
	// is exact or the rounding is nearest/up/down, the two neighbours for
	// either (up to four for GCP custom types, whose vCPU and memory round
	// independently).
	Accepted []string
	// Exact reports that production × ratio fell exactly on a step.
	Exact bool
	// Arithmetic explains the computation in one line of plain text.
	Arithmetic string
	// Ladder is one of the Ladder constants.
	Ladder string
}

// FamilyError reports that staging and production sizes are on different
// ladders, families or series, which is configuration drift rather than a
// size difference.
type FamilyError struct {
	Staging, Production             string
	StagingFamily, ProductionFamily string
}

func (e *FamilyError) Error() string {
	return fmt.Sprintf("staging size %q is in family %s but production size %q is in family %s, and sizes of different families cannot be compared by ratio",
		e.Staging, e.StagingFamily, e.Production, e.ProductionFamily)
}

// Scale computes production × ratio. ratio must be greater than zero; values
// above 1 make staging bigger than production. minimum ("" for none) is the
// smallest acceptable result and must be on the same ladder and family as
// production.
func Scale(production string, ratio *big.Rat, rounding Rounding, minimum string) (Result, error) {
	prod, err := parse(production)
	if err != nil {
		return Result{}, err
	}
	min, err := parseMinimum(minimum)
	if err != nil {
		return Result{}, err
	}
	read := agree(prod, min)
	out, err := scaleSize(read[0], ratio, rounding, read[1])
	return out.result, err
}

// Check reports whether staging is an accepted size for production × ratio.
// It returns a *FamilyError when the two sizes are on different ladders or
// families, and other errors for unparseable values or arguments.
//
// A plain number compared with a Kubernetes quantity is read as a quantity,
// because Kubernetes itself treats "1" and "1000m" as the same value.
func Check(staging, production string, ratio *big.Rat, rounding Rounding, minimum string) (ok bool, res Result, err error) {
	prod, err := parse(production)
	if err != nil {
		return false, Result{}, fmt.Errorf("production: %w", err)
	}
	stg, err := parse(staging)
	if err != nil {
		return false, Result{}, fmt.Errorf("staging: %w", err)
	}
	min, err := parseMinimum(minimum)
	if err != nil {
		return false, Result{}, err
	}
	read := agree(prod, stg, min)
	prod, stg, min = read[0], read[1], read[2]
	if p, s := prod.ladder(), stg.ladder(); p != s && isNumberOrQuantity(p) && isNumberOrQuantity(s) {
		prod, stg = asQuantity(prod), asQuantity(stg)
	}
	out, err := scaleSize(prod, ratio, rounding, min)
	if err != nil {
		return false, Result{}, err
	}
	if !sameFamily(stg, prod) {
		return false, out.result, &FamilyError{
			Staging:          staging,
			Production:       production,
			StagingFamily:    familyLabel(stg),
			ProductionFamily: familyLabel(prod),
		}
	}
	return slices.Contains(out.keys, stg.key()), out.result, nil
}

// RatioFromFloat converts f to an exact rational through its shortest decimal
// text, so 0.1 becomes 1/10 rather than the binary value nearest to it. It
// returns nil for NaN and infinities.
func RatioFromFloat(f float64) *big.Rat {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return nil
	}
	r, ok := new(big.Rat).SetString(strconv.FormatFloat(f, 'g', -1, 64))
	if !ok {
		return nil
	}
	return r
}

// FormatRatio prints r as short decimal text: exact up to six decimals
// ("0.5", "0.25"), otherwise rounded to six ("0.333333"), and with six
// significant digits when six decimals would show zero.
func FormatRatio(r *big.Rat) string {
	if r == nil {
		return ""
	}
	if digits, ok := decimalDigits(r); ok && digits <= 6 {
		return r.FloatString(digits)
	}
	s := strings.TrimRight(r.FloatString(6), "0")
	s = strings.TrimSuffix(s, ".")
	if (s == "0" || s == "-0") && r.Sign() != 0 {
		f, _ := new(big.Float).SetPrec(64).SetRat(r).Float64()
		return strconv.FormatFloat(f, 'g', 6, 64)
	}
	return s
}

// Detect names the ladder size belongs to, or returns "" when it is on none
// (the caller then compares it as plain configuration). A size can be
// detected and still fail to scale, for example the metal size of a family
// this package has no table entry for.
func Detect(size string) string {
	for _, p := range parsers {
		if _, recognised, _ := p.parse(size); recognised {
			return p.ladder
		}
	}
	return ""
}

// DetectTyped reports whether s is a machine, instance or VM type of a
// family this package knows (AWS, GCP, Azure), with its ladder and family.
// Plain numbers and quantities are not reported: a number alone does not say
// that it is a size, a type name does.
func DetectTyped(s string) (ladder, family string, ok bool) {
	if !maySpellSize(s) || !mayBeTyped(s) {
		return "", "", false
	}
	return detectTyped(s)
}

// mayBeTyped is a cheap test that s could be a type DetectTyped reports:
// the hash and the comparison ask about every string of a state, most of
// them names and ids, and each parser's pattern costs far more than this.
// It holds for every size any typed ladder reads (the sizes tests check it
// against their tables); a string it refuses is no typed size.
func mayBeTyped(s string) bool {
	switch {
	case strings.IndexByte(s, '_') > 0:
		// Azure sizes and SQL SKUs, Lightsail bundles, Composer sizes.
		return true
	case strings.IndexByte(s, '.') > 0:
		// AWS types: family.size.
		for _, w := range awsSizeWords {
			if strings.Contains(s, w) {
				return true
			}
		}
		return false
	case len(s) <= 6 && strings.IndexByte("BSPIEW", s[0]) >= 0:
		// App Service SKUs (P1v3).
		return true
	case len(s) >= 2 && (s[0] == 'D' || s[0] == 'd') && (s[1] == 'W' || s[1] == 'w'):
		// Synapse service levels (DW400c).
		return true
	}
	// GCP machine types: a series of a letter and a digit first
	// (n2-standard-4, e2-micro, db-custom-2-7680).
	t := strings.TrimPrefix(s, "db-")
	return len(t) >= 2 && t[0] >= 'a' && t[0] <= 'z' && (t[1] >= '0' && t[1] <= '9' || strings.HasPrefix(t, "custom-"))
}

// awsSizeWords are what every AWS size word contains.
var awsSizeWords = []string{"nano", "micro", "small", "medium", "large", "metal"}

func detectTyped(s string) (ladder, family string, ok bool) {
	sz, recognised, err := read(s)
	if !recognised || err != nil {
		return "", "", false
	}
	switch t := sz.(type) {
	case *awsType:
		if _, known := awsFamilies[t.fam]; !known {
			return "", "", false
		}
	case *gcpMachine:
		if _, known := gcpSeriesVCPUs[t.series]; !known && !t.shared && !t.custom {
			return "", "", false
		}
	case *azureSize:
	case *azureSQLSKU:
	case *tierSize:
		// Only the unmistakable names count by value (DW400c, the Composer
		// sizes); words such as Medium, Atlas tiers such as M30 and unit
		// counts need a size rule.
		if t.named == nil || !t.named.byValue {
			return "", "", false
		}
	case *appServiceSKU:
		// B1, S2 or P1 alone are too short to say they are sizes; the
		// generations (P1v3, I2v2) are unmistakable.
		if t.tail == "" {
			return "", "", false
		}
	default:
		return "", "", false
	}
	return sz.ladder(), sz.family(), true
}

// Less reports whether size a is smaller than size b, both of one ladder
// and family; false when they are not comparable.
func Less(a, b string) bool {
	sa, err := parse(a)
	if err != nil {
		return false
	}
	sb, err := parse(b)
	if err != nil {
		return false
	}
	read := agree(sa, sb)
	sa, sb = read[0], read[1]
	if p, q := sa.ladder(), sb.ladder(); p != q && isNumberOrQuantity(p) && isNumberOrQuantity(q) {
		sa, sb = asQuantity(sa), asQuantity(sb)
	}
	if !sameFamily(sa, sb) {
		return false
	}
	return sa.magnitude().Cmp(sb.magnitude()) < 0
}

// familyLabel names a size's family for messages.
func familyLabel(s size) string {
	if l, ok := s.(interface{ familyLabel() string }); ok {
		return l.familyLabel()
	}
	return s.family()
}

// size is a parsed size on one ladder.
type size interface {
	ladder() string
	// text is the size as written.
	text() string
	// family names the family for messages; families compare case-insensitively.
	family() string
	// key identifies the size canonically, so equal sizes written differently
	// (1Gi and 1024Mi) compare equal.
	key() string
	// magnitude places the size on its ladder, for ordering.
	magnitude() *big.Rat
	// scale computes this size × ratio; minimum is nil or a size of the same
	// ladder and family.
	scale(ratio *big.Rat, rounding Rounding, minimum size) (outcome, error)
}

// outcome is a Result plus the canonical keys of its accepted sizes.
type outcome struct {
	result Result
	keys   []string
}

type parser struct {
	ladder string
	// parse reports recognised when s has the shape of this ladder, even if
	// it then fails to parse.
	parse func(s string) (sz size, recognised bool, err error)
}

// parsers are tried in order; the order matters only where shapes could
// overlap (a quantity such as 1e3 is tried before plain numbers).
var parsers = []parser{
	{LadderAzure, parseAzure},
	{LadderAppService, parseAppService},
	{LadderAzureSQL, parseAzureSQL},
	{LadderTier, parseTier},
	{LadderLightsail, parseLightsail},
	{LadderAWS, parseAWS},
	{LadderGCP, parseGCP},
	{LadderQuantity, parseQuantity},
	{LadderNumber, parseNumber},
}

// maxSizeLen bounds the length of a size named on any ladder (numbers and
// quantities are bounded by maxNumberLen instead): the longest spellings (GCP machine types with suffixes, Composer's
// ENVIRONMENT_SIZE_MEDIUM) are well under it.
const maxSizeLen = 64

// maxNumberLen bounds the length of a number or quantity read as a size:
// exact arithmetic on the digits costs time that grows faster than their
// count (a million digits take minutes). 1000 characters hold every
// product of a size and a float64 ratio (up to 10^308) and every real size;
// a longer number is no size and is compared as configuration.
const maxNumberLen = 1000

// maySpellSize reports whether s could be read on any ladder: every
// parser's pattern is anchored and takes only ASCII letters, digits, '.',
// '_', '-' and '+' (a quantity's exponent). Most values of a state (ARNs,
// ids, JSON documents, prose) fail this at the first character or two,
// before any pattern is tried.
func maySpellSize(s string) bool {
	if s == "" || len(s) > maxSizeLen && !(s[0] >= '0' && s[0] <= '9' || s[0] == '.') {
		// Numbers and quantities may be long (up to maxNumberLen); names may not.
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', c == '.', c == '_', c == '-', c == '+':
		default:
			return false
		}
	}
	return true
}

var errUnknownLadder = errors.New("is not a size on any known ladder (AWS, GCP or Azure type, Kubernetes quantity or plain number)")

func parse(s string) (size, error) {
	if maySpellSize(s) {
		if sz, recognised, err := read(s); recognised {
			return sz, err
		}
	}
	return nil, fmt.Errorf("%q %w", s, errUnknownLadder)
}

// read tries each ladder's parser in turn: the first to recognise s reads
// it, with the error it finds in it.
func read(s string) (sz size, recognised bool, err error) {
	for _, p := range parsers {
		if sz, recognised, err := p.parse(s); recognised {
			return sz, true, err
		}
	}
	return nil, false, nil
}

// parseMinimum parses a rule's minimum; "" is none (a nil size).
func parseMinimum(minimum string) (size, error) {
	if minimum == "" {
		return nil, nil
	}
	min, err := parse(minimum)
	if err != nil {
		return nil, fmt.Errorf("minimum: %w", err)
	}
	return min, nil
}

// scaleSize computes prod × ratio; min is nil or the smallest acceptable
// result.
func scaleSize(prod size, ratio *big.Rat, rounding Rounding, min size) (outcome, error) {
	if ratio == nil {
		return outcome{}, errors.New("ratio is missing")
	}
	if ratio.Sign() <= 0 {
		return outcome{}, fmt.Errorf("ratio must be greater than zero, got %s", FormatRatio(ratio))
	}
	rounding, err := normalizeRounding(rounding)
	if err != nil {
		return outcome{}, err
	}
	if min != nil {
		if prod.ladder() == LadderQuantity && min.ladder() == LadderNumber {
			min = asQuantity(min)
		}
		if !sameFamily(min, prod) {
			return outcome{}, fmt.Errorf("minimum %q is in family %s, but production %q is in family %s", min.text(), min.family(), prod.text(), prod.family())
		}
	}
	return prod.scale(ratio, rounding, min)
}

func normalizeRounding(r Rounding) (Rounding, error) {
	switch r {
	case "":
		return RoundEither, nil
	case RoundEither, RoundNearest, RoundUp, RoundDown:
		return r, nil
	}
	return "", fmt.Errorf("unknown rounding %q, want either, nearest, up or down", string(r))
}

func sameFamily(a, b size) bool {
	return a.ladder() == b.ladder() && strings.EqualFold(a.family(), b.family())
}

func isNumberOrQuantity(ladder string) bool {
	return ladder == LadderNumber || ladder == LadderQuantity
}

// decimalDigits reports how many decimals r needs to be written exactly, and
// false when its decimal expansion does not terminate.
func decimalDigits(r *big.Rat) (int, bool) {
	d := new(big.Int).Set(r.Denom())
	var twos, fives int
	two, five, zero := big.NewInt(2), big.NewInt(5), new(big.Int)
	m := new(big.Int)
	for {
		if q, rem := new(big.Int).QuoRem(d, two, m); rem.Cmp(zero) == 0 {
			d, twos = q, twos+1
			continue
		}
		break
	}
	for {
		if q, rem := new(big.Int).QuoRem(d, five, m); rem.Cmp(zero) == 0 {
			d, fives = q, fives+1
			continue
		}
		break
	}
	if d.Cmp(big.NewInt(1)) != 0 {
		return 0, false
	}
	return max(twos, fives), true
}

// exactDecimal writes a terminating rational exactly; callers check
// decimalDigits first.
func exactDecimal(r *big.Rat) string {
	digits, _ := decimalDigits(r)
	return r.FloatString(digits)
}

func ratInt(n int64) *big.Rat { return new(big.Rat).SetInt64(n) }

func mul(a, b *big.Rat) *big.Rat { return new(big.Rat).Mul(a, b) }

func quo(a, b *big.Rat) *big.Rat { return new(big.Rat).Quo(a, b) }

func floor(r *big.Rat) *big.Int {
	q, m := new(big.Int).QuoRem(r.Num(), r.Denom(), new(big.Int))
	if m.Sign() < 0 {
		q.Sub(q, big.NewInt(1))
	}
	return q
}

func ceil(r *big.Rat) *big.Int {
	f := floor(r)
	if !r.IsInt() {
		f.Add(f, big.NewInt(1))
	}
	return f
}

// parseRat reads text already validated by a pattern, so SetString cannot
// meet its other syntaxes (fractions, hexadecimal).
func parseRat(s string) *big.Rat {
	r, ok := new(big.Rat).SetString(s)
	if !ok {
		panic("sizes: validated number did not parse: " + s)
	}
	return r
}
