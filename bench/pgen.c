/*
 * pgen: see pgen.h.  The phrase lists below are what the text of a task
 * is made of; they follow the wording of a city's industrial work plan so
 * that the parser sees the same mix of three-byte characters, ASCII
 * commas, parentheses and numbers as in real files.
 */
#include "pgen.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define N(a) (sizeof(a) / sizeof(*(a)))

static void *must(void *p)
{
	if (!p) {
		fputs("pgen: out of memory\n", stderr);
		exit(2);
	}
	return p;
}

void pbuf_add(struct pbuf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		b->cap = (b->len + n + 1) * 2;
		b->s = must(realloc(b->s, b->cap));
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

void pbuf_adds(struct pbuf *b, const char *s)
{
	pbuf_add(b, s, strlen(s));
}

void pbuf_printf(struct pbuf *b, const char *fmt, ...)
{
	char small[512];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n < sizeof(small)) {
		pbuf_add(b, small, (size_t)n);
		return;
	}
	{
		char *big = must(malloc((size_t)n + 1));

		va_start(ap, fmt);
		vsnprintf(big, (size_t)n + 1, fmt, ap);
		va_end(ap);
		pbuf_add(b, big, (size_t)n);
		free(big);
	}
}

void pbuf_release(struct pbuf *b)
{
	free(b->s);
	memset(b, 0, sizeof(*b));
}

static char *pbuf_take(struct pbuf *b)
{
	char *s = b->s ? b->s : must(calloc(1, 1));

	memset(b, 0, sizeof(*b));
	return s;
}

uint64_t prng_next(struct prng *r)
{
	uint64_t z = (r->s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

unsigned prng_below(struct prng *r, unsigned n)
{
	return (unsigned)(prng_next(r) % n);
}

int prng_chance(struct prng *r, double p)
{
	return (double)(prng_next(r) >> 11) * (1.0 / 9007199254740992.0) < p;
}

static const char *pick(struct prng *r, const char *const *v, size_t n)
{
	return v[prng_below(r, (unsigned)n)];
}

/* ---- the vocabulary ---------------------------------------------------- */

const char *const pgen_categories[13] = {
	"发展新产业", "建设大集群", "构建大平台", "培育大企业",
	"推进大项目", "强化创新引领作用", "大力发展低碳经济",
	"加快产业整合和布局优化", "推进政府服务创新", "推进融资方式创新",
	"推进人才培养创新", "推进体制机制创新", "完善工作推进机制"
};

struct city {
	const char *code, *name, *brief;
	const char *counties[6];
};

/* Zhejiang's eleven cities in 2010, six county-level units each at most */
static const struct city cities[] = {
	{ "sx", "绍兴市", "绍兴", { "越城区", "绍兴县", "诸暨市", "上虞市",
				      "嵊州市", "新昌县" } },
	{ "hz", "杭州市", "杭州", { "萧山区", "余杭区", "桐庐县", "淳安县",
				      "建德市", "富阳市" } },
	{ "nb", "宁波市", "宁波", { "北仑区", "鄞州区", "象山县", "宁海县",
				      "余姚市", "慈溪市" } },
	{ "wz", "温州市", "温州", { "鹿城区", "龙湾区", "永嘉县", "苍南县",
				      "瑞安市", "乐清市" } },
	{ "jx", "嘉兴市", "嘉兴", { "南湖区", "嘉善县", "海盐县", "海宁市",
				      "平湖市", "桐乡市" } },
	{ "hu", "湖州市", "湖州", { "吴兴区", "南浔区", "德清县", "长兴县",
				      "安吉县", NULL } },
	{ "jh", "金华市", "金华", { "婺城区", "武义县", "浦江县", "兰溪市",
				      "义乌市", "东阳市" } },
	{ "qz", "衢州市", "衢州", { "柯城区", "衢江区", "常山县", "开化县",
				      "龙游县", "江山市" } },
	{ "zs", "舟山市", "舟山", { "定海区", "普陀区", "岱山县", "嵊泗县",
				      NULL, NULL } },
	{ "tz", "台州市", "台州", { "椒江区", "黄岩区", "玉环县", "天台县",
				      "温岭市", "临海市" } },
	{ "ls", "丽水市", "丽水", { "莲都区", "青田县", "缙云县", "遂昌县",
				      "松阳县", "龙泉市" } },
};

static const struct {
	const char *code, *name;
} departments[] = {
	{ "jmw", "经贸委" }, { "fgw", "发改委" }, { "czj", "财政局" },
	{ "kjj", "科技局" }, { "wjm", "外经贸局" }, { "sbb", "商贸办" },
	{ "hbj", "环保局" }, { "gtj", "国土局" }, { "jrb", "金融办" },
	{ "zsj", "招商局" }, { "gzw", "国资委" }, { "rsj", "人事局" },
	{ "jyj", "教育局" }, { "ajj", "安监局" }, { "gsj", "工商局" },
	{ "tjj", "统计局" }, { "jsj", "建设局" }, { "jtj", "交通局" },
	{ "slj", "水利局" }, { "rcb", "人才办" },
};

static const char *const zones[] = {
	"经济开发区", "高新技术产业园区", "滨海新区"
};

static const char *const companies[] = {
	"黄酒集团", "交通投资集团", "城建集团", "水务集团", "能源集团",
	"国资经营公司", "纺织集团", "港务集团", "旅游集团", "钢铁集团",
	"医药集团"
};

static const char *const verbs[] = {
	"推进", "加快", "实施", "完善", "建立健全", "深化", "强化", "培育",
	"组织", "开展", "落实", "推动", "探索", "优化", "加大"
};

static const char *const objects[] = {
	"战略性新兴产业发展规划", "公共服务平台建设", "重大项目建设",
	"产业集群提升试点", "专业市场改造升级", "服务外包示范区建设",
	"物流中心规划建设", "节能减排工作", "企业技术中心建设",
	"区域品牌整体推介", "落后产能淘汰机制", "中小企业融资担保体系",
	"人才引进和培养机制", "行政审批制度改革", "工业用地招拍挂制度改革",
	"循环经济“991”行动计划", "总部型企业集聚区建设", "上市公司培育机制",
	"银企对接活动", "特色产业园区规划", "“三化融合”发展试点",
	"创意产业集聚区建设", "绿色照明工程", "印染产业整合提升"
};

static const char *const extras[] = {
	"整合政策资源,加大扶持力度", "形成市县联动推进体系",
	"把优质项目留在本地发展", "全力提升产业影响力",
	"引导特色产业向园区集聚", "全力为科技创新营造良好外部环境",
	"强化集约发展倒逼作用", "提高土地利用率和单位产出",
	"促进产业资本有序流动发展", "健全跟踪、协调、责任机制",
	"将推进情况列入对各地年度工作考核内容",
	"深化“一月一通报、一季一汇报”工作机制"
};

static const char *const outcomes[] = {
	"取得积极进展", "全面启动实施", "按计划推进实施", "取得明显成效",
	"取得实质性突破", "完成年度目标任务", "全面推进"
};

static const struct {
	const char *name, *unit;
	double base;
} indicator_kinds[] = {
	{ "工业投资", "亿元", 630 }, { "新兴产业投资", "亿元", 120 },
	{ "技术改造投资", "亿元", 200 }, { "引进外资", "亿美元", 8.4 },
	{ "引进内资", "亿元", 60 }, { "新增上市企业", "家", 5 },
	{ "新培育龙头企业", "家", 10 }, { "省级企业技术中心", "家", 10 },
	{ "投资10亿元以上重大项目", "只", 20 },
	{ "特色产业园区规划", "个", 10 }, { "新产品产值率", "百分点", 1 },
	{ "自主品牌产品出口比重", "百分点", 2 },
	{ "培训企业高级经营管理人才", "人", 1000 },
	{ "大型银企对接活动", "次", 2 },
	{ "淘汰“三高一低”企业和项目", "项", 100 },
	{ "新增工业贷款余额", "亿元", 320 }, { "小额贷款公司", "家", 4 },
	{ "设备、技术投入比重", "%", 60 },
	{ "规模以上工业增加值增长", "%", 12 },
	{ "单位工业增加值能耗下降", "%", 4 }
};

static const char *const note_done[] = {
	"已完成项目前期工作", "正在推进土地报批", "已召开专题协调会",
	"部分项目因资金不到位进度滞后", "已上报省有关部门审批",
	"配套政策已印发实施", "已完成规划编制并通过专家评审",
	"重点项目已开工建设", "已与意向企业签订合作协议",
	"督查中发现的问题已落实整改"
};

static const struct {
	const char *han, *latin;
} surnames[] = {
	{ "王", "wang" }, { "李", "li" }, { "张", "zhang" }, { "刘", "liu" },
	{ "陈", "chen" }, { "杨", "yang" }, { "黄", "huang" }, { "赵", "zhao" },
	{ "吴", "wu" }, { "周", "zhou" }, { "徐", "xu" }, { "孙", "sun" },
	{ "马", "ma" }, { "朱", "zhu" }, { "胡", "hu" }, { "郭", "guo" },
	{ "何", "he" }, { "高", "gao" }, { "林", "lin" }, { "罗", "luo" }
}, given[] = {
	{ "伟", "wei" }, { "芳", "fang" }, { "娜", "na" }, { "敏", "min" },
	{ "静", "jing" }, { "丽", "li" }, { "强", "qiang" }, { "磊", "lei" },
	{ "军", "jun" }, { "洋", "yang" }, { "勇", "yong" }, { "艳", "yan" },
	{ "杰", "jie" }, { "涛", "tao" }, { "明", "ming" }, { "超", "chao" },
	{ "秀英", "xiuying" }, { "华", "hua" }, { "建国", "jianguo" },
	{ "晓东", "xiaodong" }
};

/* ---- units ------------------------------------------------------------- */

static struct pgen_unit *add_unit(struct pgen_plan *p, int *cap)
{
	struct pgen_unit *u;

	if (p->n_units == *cap) {
		*cap = *cap ? *cap * 2 : 64;
		p->units = must(realloc(p->units, (size_t)*cap * sizeof(*u)));
	}
	u = &p->units[p->n_units++];
	memset(u, 0, sizeof(*u));
	return u;
}

/* per city: [first dept, n depts), counties, zones, the two groups */
struct city_units {
	int dept0, n_dept, county0, n_county, zone0, n_zone, company;
	int counties_group, zones_group;
};

static void make_units(struct pgen_plan *p, struct city_units *cu)
{
	int cap = 0, c, i;
	int one = p->n_cities == 1;
	struct pgen_unit *u;

	u = add_unit(p, &cap);
	p->admin = 0;
	snprintf(u->id, sizeof(u->id), "office");
	snprintf(u->name, sizeof(u->name), "%s", one ?
		 "市试点工作领导小组办公室" :
		 "省工业转型升级工作领导小组办公室");
	snprintf(u->alias, sizeof(u->alias), "%s", one ? "试点办" :
		 "省转型升级办");
	u->kind = "office";
	u->admin = 1;
	for (c = 0; c < p->n_cities; c++) {
		const struct city *ci = &cities[c];
		const char *pre = one ? "市" : ci->name;
		struct city_units *x = &cu[c];

		x->dept0 = p->n_units;
		for (i = 0; i < (int)N(departments); i++) {
			u = add_unit(p, &cap);
			snprintf(u->id, sizeof(u->id), "%s-%s", ci->code,
				 departments[i].code);
			snprintf(u->name, sizeof(u->name), "%s%s", pre,
				 departments[i].name);
			if (one)
				snprintf(u->alias, sizeof(u->alias), "%s",
					 departments[i].name);
			else
				snprintf(u->alias, sizeof(u->alias), "%s%s",
					 ci->brief, departments[i].name);
			u->kind = "department";
		}
		x->n_dept = p->n_units - x->dept0;
		x->county0 = p->n_units;
		for (i = 0; i < 6 && ci->counties[i]; i++) {
			u = add_unit(p, &cap);
			snprintf(u->id, sizeof(u->id), "%s-c%d", ci->code,
				 i + 1);
			snprintf(u->name, sizeof(u->name), "%s",
				 ci->counties[i]);
			u->kind = "county";
		}
		x->n_county = p->n_units - x->county0;
		x->zone0 = p->n_units;
		for (i = 0; i < (int)N(zones); i++) {
			u = add_unit(p, &cap);
			snprintf(u->id, sizeof(u->id), "%s-z%d", ci->code,
				 i + 1);
			snprintf(u->name, sizeof(u->name), "%s%s", ci->brief,
				 zones[i]);
			u->kind = "zone";
		}
		x->n_zone = p->n_units - x->zone0;
		x->company = p->n_units;
		u = add_unit(p, &cap);
		snprintf(u->id, sizeof(u->id), "%s-co", ci->code);
		snprintf(u->name, sizeof(u->name), "%s%s", ci->brief,
			 companies[c % N(companies)]);
		u->kind = "company";
		x->counties_group = p->n_units;
		u = add_unit(p, &cap);
		snprintf(u->id, sizeof(u->id), "%s-counties", ci->code);
		snprintf(u->name, sizeof(u->name), "%s各县(市、区)",
			 one ? "" : ci->name);
		u->kind = "group";
		for (i = 0; i < x->n_county; i++)
			u->members[u->n_members++] = x->county0 + i;
		x->zones_group = p->n_units;
		u = add_unit(p, &cap);
		snprintf(u->id, sizeof(u->id), "%s-zones", ci->code);
		snprintf(u->name, sizeof(u->name), "%s市直开发区(新区)",
			 one ? "" : ci->name);
		u->kind = "group";
		for (i = 0; i < x->n_zone; i++)
			u->members[u->n_members++] = x->zone0 + i;
	}
}

/* ---- tasks ------------------------------------------------------------- */

static int has(const int *v, int n, int x)
{
	int i;

	for (i = 0; i < n; i++)
		if (v[i] == x)
			return 1;
	return 0;
}

/* a department of the city not yet in any role of t */
static int free_dept(struct prng *r, const struct city_units *x,
		     const struct pgen_task *t)
{
	int k;

	for (;;) {
		k = x->dept0 + (int)prng_below(r, (unsigned)x->n_dept);
		if (!has(t->lead, t->n_lead, k) &&
		    !has(t->coop, t->n_coop, k) &&
		    !has(t->impl, t->n_impl, k))
			return k;
	}
}

static void join_names(struct pbuf *b, const struct pgen_plan *p,
		       const int *v, int n)
{
	int i;

	for (i = 0; i < n; i++) {
		if (i)
			pbuf_adds(b, "、");
		pbuf_adds(b, p->units[v[i]].name);
	}
}

static void make_roles(struct pgen_plan *p, struct pgen_task *t,
		       struct prng *r, const struct city_units *x)
{
	struct pbuf b = { 0 };
	int i, n;

	n = prng_chance(r, 0.15) ? 2 : 1;
	if (prng_chance(r, 0.05)) {
		t->lead[t->n_lead++] = x->county0 +
			(int)prng_below(r, (unsigned)x->n_county);
		n = 1;
	} else {
		for (i = 0; i < n; i++)
			t->lead[t->n_lead++] = free_dept(r, x, t);
	}
	n = (int)prng_below(r, 4);
	for (i = 0; i < n; i++)
		t->coop[t->n_coop++] = free_dept(r, x, t);
	switch (prng_below(r, 5)) {
	case 0:
		t->impl[t->n_impl++] = x->counties_group;
		t->impl[t->n_impl++] = x->zones_group;
		break;
	case 1:
		t->impl[t->n_impl++] = x->counties_group;
		break;
	case 2:
		t->impl[t->n_impl++] = x->county0 +
			(int)prng_below(r, (unsigned)x->n_county);
		if (prng_chance(r, 0.5))
			t->impl[t->n_impl++] = x->zone0 +
				(int)prng_below(r, (unsigned)x->n_zone);
		if (prng_chance(r, 0.3))
			t->impl[t->n_impl++] = x->company;
		break;
	default:
		break;
	}
	join_names(&b, p, t->lead, t->n_lead);
	pbuf_adds(&b, t->n_lead > 1 ? "分别牵头" : "牵头");
	if (t->n_coop) {
		pbuf_adds(&b, ",");
		join_names(&b, p, t->coop, t->n_coop);
		pbuf_adds(&b, "等部门配合");
	}
	if (t->n_impl) {
		pbuf_adds(&b, ",");
		join_names(&b, p, t->impl, t->n_impl);
		pbuf_adds(&b, t->n_impl > 1 ? "共同实施" : "负责实施");
	}
	t->units_text = pbuf_take(&b);
}

/* a target value near base, rounded as a plan writes it: tenths only
 * for small amounts of money and shares, whole numbers for counts */
static double near(struct prng *r, double base, const char *unit)
{
	double v = base * (0.4 + (double)prng_below(r, 1000) / 500.0);

	if (base < 10 && (!strcmp(unit, "亿美元") || !strcmp(unit, "%") ||
			  !strcmp(unit, "百分点")))
		return (double)(long)(v * 10 + 0.5) / 10;
	return v < 1 ? 1 : (double)(long)(v + 0.5);
}

static void make_indicators(struct pgen_task *t, struct prng *r,
			    struct pbuf *target)
{
	static const int ops[] = {
		PGEN_OP_GE, PGEN_OP_GE, PGEN_OP_GE, PGEN_OP_ABOUT,
		PGEN_OP_ABOUT, PGEN_OP_EQ, PGEN_OP_LE
	};
	int n = 1 + (int)prng_below(r, 3), i, k;

	for (i = 0; i < n; i++) {
		struct pgen_indicator *in = &t->ind[t->n_ind];
		int dup = 0, j;

		k = (int)prng_below(r, N(indicator_kinds));
		for (j = 0; j < t->n_ind; j++)
			dup |= !strcmp(t->ind[j].name,
				       indicator_kinds[k].name);
		if (dup)
			continue;
		in->name = indicator_kinds[k].name;
		in->unit = indicator_kinds[k].unit;
		in->op = ops[prng_below(r, N(ops))];
		in->target = near(r, indicator_kinds[k].base, in->unit);
		t->n_ind++;
		if (target->len)
			pbuf_adds(target, ",");
		switch (in->op) {
		case PGEN_OP_GE:
			pbuf_printf(target, "完成%s%g%s以上", in->name,
				    in->target, in->unit);
			break;
		case PGEN_OP_ABOUT:
			pbuf_printf(target, "力争%s%g%s左右", in->name,
				    in->target, in->unit);
			break;
		case PGEN_OP_EQ:
			pbuf_printf(target, "%s达到%g%s", in->name,
				    in->target, in->unit);
			break;
		default:
			pbuf_printf(target, "%s控制在%g%s以内", in->name,
				    in->target, in->unit);
			break;
		}
	}
}

static void make_content(struct pbuf *b, struct prng *r,
			 const struct pgen_plan *p, const struct city_units *x)
{
	size_t want = 270 + prng_below(r, 200);	/* bytes: 90..156 chars */

	while (b->len < want) {
		if (b->len)
			pbuf_adds(b, prng_chance(r, 0.25) ? "。" : ",");
		switch (prng_below(r, 3)) {
		case 0:
			pbuf_printf(b, "%s%s", pick(r, verbs, N(verbs)),
				    pick(r, objects, N(objects)));
			break;
		case 1:
			pbuf_printf(b, "重点推进%s、%s%s",
				    p->units[x->county0 + (int)prng_below(r,
					(unsigned)x->n_county)].name,
				    p->units[x->zone0 + (int)prng_below(r,
					(unsigned)x->n_zone)].name,
				    pick(r, objects, N(objects)));
			break;
		default:
			pbuf_adds(b, pick(r, extras, N(extras)));
			break;
		}
	}
}

/* "YYYY-MM-DD"; the ranges keep the compiler sure of the length */
static void ymd(char out[11], int y, int m, int d)
{
	snprintf(out, 11, "%04u-%02u-%02u", (unsigned)y % 10000u,
		 (unsigned)m % 100u, (unsigned)d % 100u);
}

void pgen_date(char out[11], int64_t t)
{
	time_t s = (time_t)(t + 8 * 3600);
	struct tm tm;

	gmtime_r(&s, &tm);
	ymd(out, tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

void pgen_note(struct pbuf *b, struct prng *r, const char *date)
{
	int m = atoi(date + 5), d = atoi(date + 8);
	int i, n = 1 + (int)prng_below(r, 3);

	pbuf_printf(b, "截至%d月%d日,", m, d);
	for (i = 0; i < n; i++)
		pbuf_printf(b, "%s%s", i ? "," : "",
			    pick(r, note_done, N(note_done)));
	if (prng_chance(r, 0.3))
		pbuf_printf(b, ",累计完成投资%u.%u亿元",
			    1 + prng_below(r, 90), prng_below(r, 10));
	pbuf_adds(b, "。");
}

/* progress fields of a plan in mid-year */
static void make_progress(struct pgen_task *t, struct prng *r, int year)
{
	struct pbuf b = { 0 };
	unsigned k = prng_below(r, 10);
	int i;

	t->status = k < 2 ? PGEN_NOT_STARTED : k < 7 ? PGEN_IN_PROGRESS :
		    k < 8 ? PGEN_AT_RISK : PGEN_DONE;
	t->progress = t->status == PGEN_NOT_STARTED ? 0 :
		      t->status == PGEN_DONE ? 100 :
		      1 + (int)prng_below(r, 99);
	if (t->status == PGEN_NOT_STARTED) {
		t->note = pbuf_take(&b);
		return;
	}
	ymd(t->as_of, year, 1 + (int)prng_below(r, 11),
	    1 + (int)prng_below(r, 28));
	pgen_note(&b, r, t->as_of);
	t->note = pbuf_take(&b);
	for (i = 0; i < t->n_ind; i++) {
		struct pgen_indicator *in = &t->ind[i];

		if (!prng_chance(r, 0.6))
			continue;
		in->has_actual = 1;
		in->actual = (double)(long)(in->target * t->progress / 10.0 *
					    (0.8 + (double)prng_below(r, 40) /
					     100.0)) / 10.0;
	}
}

void pgen_make(struct pgen_plan *p, uint64_t seed, int n_tasks,
	       int n_cities, int progress_mix)
{
	struct city_units cu[N(cities)];
	struct prng r = { seed };
	int i;

	memset(p, 0, sizeof(*p));
	if (n_cities < 1)
		n_cities = 1;
	if (n_cities > (int)N(cities))
		n_cities = (int)N(cities);
	p->n_cities = n_cities;
	p->year = 2010;
	snprintf(p->title, sizeof(p->title), "%s工业转型升级综合配套改革试点"
		 "%d年工作任务", n_cities == 1 ? "绍兴市" : "浙江省",
		 p->year);
	make_units(p, cu);
	p->n_tasks = n_tasks;
	p->tasks = must(calloc((size_t)n_tasks ? (size_t)n_tasks : 1,
			       sizeof(*p->tasks)));
	for (i = 0; i < n_tasks; i++) {
		struct pgen_task *t = &p->tasks[i];
		int city = (int)((int64_t)i * n_cities / n_tasks);
		int in_city = i - (int)(((int64_t)city * n_tasks +
					 n_cities - 1) / n_cities);
		int per_city = (n_tasks + n_cities - 1) / n_cities;
		struct pbuf b = { 0 };

		t->id = i + 1;
		t->city = city;
		/* categories in plan order within each city's block */
		t->category = (int)((int64_t)in_city * 13 / (per_city ?
							     per_city : 1));
		if (t->category > 12)
			t->category = 12;
		if (t->category < 0)
			t->category = 0;
		make_content(&b, &r, p, &cu[city]);
		t->content = pbuf_take(&b);
		make_indicators(t, &r, &b);
		pbuf_printf(&b, ",%s%s", pick(&r, objects, N(objects)),
			    pick(&r, outcomes, N(outcomes)));
		t->target = pbuf_take(&b);
		make_roles(p, t, &r, &cu[city]);
		if (prng_chance(&r, 0.15))
			ymd(t->deadline, p->year,
			    4 + 2 * (int)prng_below(&r, 4), 30);
		else
			ymd(t->deadline, p->year, 12, 31);
		if (progress_mix) {
			make_progress(t, &r, p->year);
		} else {
			t->status = PGEN_NOT_STARTED;
			t->note = pbuf_take(&b);
		}
	}
}

void pgen_release(struct pgen_plan *p)
{
	int i;

	for (i = 0; i < p->n_tasks; i++) {
		free(p->tasks[i].content);
		free(p->tasks[i].target);
		free(p->tasks[i].units_text);
		free(p->tasks[i].note);
	}
	free(p->tasks);
	free(p->units);
	memset(p, 0, sizeof(*p));
}

/* ---- the files --------------------------------------------------------- */

static const char *const status_names[] = {
	"not_started", "in_progress", "at_risk", "done"
};
static const char *const op_names[] = { ">=", "<=", "=", "~" };

static void id_list(struct pbuf *b, const char *key,
		    const struct pgen_plan *p, const int *v, int n)
{
	int i;

	if (!n) {
		pbuf_printf(b, "  %s: []\n", key);
		return;
	}
	pbuf_printf(b, "  %s:\n", key);
	for (i = 0; i < n; i++)
		pbuf_printf(b, "    - %s\n", p->units[v[i]].id);
}

/* numbers as a person writes them: 630, 8.4 */
static void number(struct pbuf *b, double v)
{
	pbuf_printf(b, "%.10g", v);
}

void pgen_task_yaml(struct pbuf *b, const struct pgen_plan *p,
		    const struct pgen_task *t)
{
	int i;

	pbuf_adds(b, "# yaml-language-server: $schema=../schema/"
		  "task.schema.json\n");
	pbuf_printf(b, "id: %d\n", t->id);
	pbuf_printf(b, "category: %s\n", pgen_categories[t->category]);
	pbuf_printf(b, "content: %s\n", t->content);
	pbuf_printf(b, "target: %s\n", t->target);
	pbuf_adds(b, "units:\n");
	pbuf_printf(b, "  text: %s\n", t->units_text);
	id_list(b, "lead", p, t->lead, t->n_lead);
	id_list(b, "cooperate", p, t->coop, t->n_coop);
	id_list(b, "implement", p, t->impl, t->n_impl);
	if (!t->n_ind)
		pbuf_adds(b, "indicators: []\n");
	else
		pbuf_adds(b, "indicators:\n");
	for (i = 0; i < t->n_ind; i++) {
		const struct pgen_indicator *in = &t->ind[i];

		pbuf_printf(b, "  - name: %s\n", in->name);
		pbuf_printf(b, "    op: \"%s\"\n", op_names[in->op]);
		pbuf_adds(b, "    target: ");
		number(b, in->target);
		/* '%' cannot start a plain scalar */
		pbuf_printf(b, in->unit[0] == '%' ? "\n    unit: \"%s\"\n" :
			    "\n    unit: %s\n", in->unit);
		pbuf_adds(b, "    actual: ");
		if (in->has_actual)
			number(b, in->actual);
		else
			pbuf_adds(b, "null");
		pbuf_adds(b, "\n");
	}
	pbuf_printf(b, "deadline: %s\n", t->deadline);
	pbuf_printf(b, "status: %s\n", status_names[t->status]);
	pbuf_printf(b, "progress: %d\n", t->progress);
	pbuf_printf(b, "as_of: %s\n", t->as_of[0] ? t->as_of : "null");
	if (t->note[0])
		pbuf_printf(b, "note: %s\n", t->note);
	else
		pbuf_adds(b, "note: \"\"\n");
}

void pgen_unit_domain(char *out, size_t n, const struct pgen_unit *u)
{
	snprintf(out, n, "*@%s.zj.gov.cn", u->id);
}

void pgen_unit_yaml(struct pbuf *b, const struct pgen_plan *p,
		    const struct pgen_unit *u)
{
	char dom[64];
	int i;

	pbuf_adds(b, "# yaml-language-server: $schema=../schema/"
		  "unit.schema.json\n");
	pbuf_printf(b, "id: %s\n", u->id);
	pbuf_printf(b, "name: %s\n", u->name);
	if (u->alias[0])
		pbuf_printf(b, "aliases:\n  - %s\n", u->alias);
	pbuf_printf(b, "kind: %s\n", u->kind);
	if (u->n_members) {
		pbuf_adds(b, "members:\n");
		for (i = 0; i < u->n_members; i++)
			pbuf_printf(b, "  - %s\n", p->units[u->members[i]].id);
	}
	if (strcmp(u->kind, "group")) {
		pgen_unit_domain(dom, sizeof(dom), u);
		pbuf_printf(b, "committers:\n  - \"%s\"\n", dom);
		for (i = 0; i < u->n_extra; i++)
			pbuf_printf(b, "  - \"auditor%d@audit.zj.gov.cn\"\n",
				    i + 1);
	}
	if (u->admin)
		pbuf_adds(b, "admin: true\n");
}

void pgen_plan_yaml(struct pbuf *b, const struct pgen_plan *p)
{
	int i;

	pbuf_adds(b, "# yaml-language-server: $schema=schema/"
		  "plan.schema.json\n");
	pbuf_printf(b, "title: %s\n", p->title);
	pbuf_printf(b, "year: %d\n", p->year);
	pbuf_adds(b, "categories:\n");
	for (i = 0; i < 13; i++)
		pbuf_printf(b, "  - %s\n", pgen_categories[i]);
}

void pgen_task_path(char *out, size_t n, const struct pgen_task *t)
{
	snprintf(out, n, "tasks/%02d.yaml", t->id);
}

void pgen_unit_path(char *out, size_t n, const struct pgen_unit *u)
{
	snprintf(out, n, "units/%s.yaml", u->id);
}

void pgen_person(char *name, size_t nn, char *email, size_t ne,
		 const struct pgen_unit *u, unsigned k)
{
	unsigned h = 2166136261u;
	const char *s;

	for (s = u->id; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	h += k * 7919u;
	snprintf(name, nn, "%s%s", surnames[h % N(surnames)].han,
		 given[(h / 31) % N(given)].han);
	snprintf(email, ne, "%s%s@%s.zj.gov.cn",
		 surnames[h % N(surnames)].latin,
		 given[(h / 31) % N(given)].latin, u->id);
}
