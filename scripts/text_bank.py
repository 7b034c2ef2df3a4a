"""Sentence banks and slot-filling templates for MedCurate's synthetic corpora.

All text in this module was written for MedCurate (Apache-2.0); none is copied from other sources.
Templates use two kinds of markup: ``{slot}`` is filled from the document's vocabulary (diseases,
symptoms, drugs, exams, cities, numbers, ...) and ``[a|b|]`` picks one alternative (possibly empty),
so a template yields many surface forms and two random documents share few 5-grams.

Public API: ``compose_document(rng, lang, domain, topic=None, n_sentences=None) -> str``;
``compose(...)`` returns a ``Composed`` (blocks of sentences, title, context) for callers that edit
documents (near-duplicates) or need titles; ``compose_mixed_document(rng)`` gives Chinese medical text
with English terms (CT, MRI, HbA1c, COVID-19).
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field

LANGS = ("zh", "en")
DOMAINS = ("medical", "general")

# key|display name|diseases|symptoms|drugs|exams|body parts (items separated by ",")
_ZH_MED = """
cardiology|心血管内科|高血压,冠心病,心房颤动,慢性心力衰竭,急性心肌梗死,病毒性心肌炎,高脂血症,室性早搏|胸闷,心悸,胸痛,气短,头晕,夜间憋醒,下肢水肿,乏力|阿司匹林,氨氯地平,美托洛尔,阿托伐他汀,缬沙坦,氯吡格雷,呋塞米,硝酸甘油|心电图,动态心电图,心脏彩超,冠状动脉CT血管成像,冠状动脉造影,血脂四项,肌钙蛋白,脑钠肽|心脏,冠状动脉,左心室,颈动脉,主动脉
respiratory|呼吸内科|社区获得性肺炎,慢性阻塞性肺疾病,支气管哮喘,急性支气管炎,肺结节,支气管扩张,阻塞性睡眠呼吸暂停,肺栓塞|咳嗽,咳痰,喘息,发热,胸痛,呼吸困难,咯血,夜间打鼾|布地奈德,沙丁胺醇,噻托溴铵,阿莫西林克拉维酸钾,左氧氟沙星,孟鲁司特,氨溴索,乙酰半胱氨酸|胸部CT,胸片,肺功能检查,血气分析,痰培养,支气管镜,多导睡眠监测,D-二聚体|肺部,支气管,胸膜,气管,咽喉
gastroenterology|消化内科|慢性胃炎,胃食管反流病,消化性溃疡,幽门螺杆菌感染,肠易激综合征,脂肪肝,溃疡性结肠炎,急性胰腺炎|反酸,烧心,上腹痛,腹胀,腹泻,便秘,恶心,黑便|奥美拉唑,雷贝拉唑,铝碳酸镁,莫沙必利,枸橼酸铋钾,双歧杆菌,美沙拉嗪,蒙脱石散|胃镜,肠镜,碳13呼气试验,腹部B超,肝功能,粪便隐血试验,腹部增强CT|胃,十二指肠,结肠,肝脏,胰腺,食管
neurology|神经内科|偏头痛,缺血性脑卒中,帕金森病,癫痫,阿尔茨海默病,周围神经病变,面神经炎,紧张型头痛|头痛,眩晕,肢体麻木,手抖,记忆力下降,言语不清,失眠,口角歪斜|丁苯酞,左旋多巴,丙戊酸钠,多奈哌齐,甲钴胺,布洛芬,氟桂利嗪,阿替普酶|头颅MRI,头颅CT,脑电图,肌电图,颈动脉超声,腰椎穿刺,经颅多普勒|大脑,小脑,脊髓,面神经,颈椎
endocrinology|内分泌科|2型糖尿病,1型糖尿病,甲状腺功能亢进症,甲状腺功能减退症,甲状腺结节,骨质疏松症,痛风,多囊卵巢综合征|口渴,多尿,体重下降,怕热多汗,乏力,关节红肿,月经紊乱,手脚发凉|二甲双胍,甘精胰岛素,达格列净,甲巯咪唑,左甲状腺素钠,阿仑膦酸钠,非布司他,阿卡波糖|空腹血糖,糖化血红蛋白（HbA1c）,口服葡萄糖耐量试验,甲状腺功能五项,甲状腺彩超,骨密度,血尿酸|甲状腺,胰岛,肾上腺,垂体,足部
pediatrics|儿科|手足口病,小儿肺炎,急性喉炎,小儿腹泻,幼儿急疹,过敏性鼻炎,缺铁性贫血,热性惊厥|发热,咳嗽,流涕,皮疹,呕吐,食欲差,哭闹,精神差|布洛芬混悬液,对乙酰氨基酚,口服补液盐,蒙脱石散,阿莫西林颗粒,维生素D滴剂,雾化布地奈德,蔗糖铁|血常规,C反应蛋白,胸片,咽拭子,微量元素检测,骨龄片,大便常规|咽喉,扁桃体,气道,肠道,皮肤
obgyn|妇产科|妊娠期糖尿病,子宫肌瘤,多囊卵巢综合征,宫颈炎,卵巢囊肿,先兆流产,产后出血,妊娠期高血压|月经量多,下腹痛,白带异常,阴道出血,痛经,孕吐,腰酸,胎动减少|叶酸,黄体酮,地屈孕酮,硫酸镁,缩宫素,甲硝唑,拉贝洛尔,琥珀酸亚铁|盆腔B超,HPV检测,宫颈TCT,糖耐量试验,胎心监护,性激素六项,阴道镜|子宫,卵巢,宫颈,输卵管,胎盘
oncology|肿瘤科|肺癌,乳腺癌,结直肠癌,胃癌,肝细胞癌,鼻咽癌,淋巴瘤,甲状腺癌|消瘦,乏力,持续咳嗽,无痛性肿块,便血,食欲减退,骨痛,声音嘶哑|顺铂,紫杉醇,奥希替尼,曲妥珠单抗,卡培他滨,帕博利珠单抗,来曲唑,贝伐珠单抗|PET-CT,病理活检,肿瘤标志物,增强CT,基因检测,骨扫描,乳腺钼靶|淋巴结,乳腺,肺叶,肝脏,结肠
dermatology|皮肤科|湿疹,银屑病,荨麻疹,痤疮,带状疱疹,白癜风,脂溢性皮炎,足癣|瘙痒,红斑,脱屑,丘疹,水疱,色素脱失,灼痛,皮肤干燥|氯雷他定,卤米松乳膏,他克莫司软膏,阿昔洛韦,异维A酸,阿达帕林凝胶,特比萘芬,炉甘石洗剂|皮肤镜,真菌镜检,斑贴试验,过敏原检测,伍德灯检查,皮肤活检|面部,手背,头皮,躯干,足底
psychiatry|精神心理科|抑郁症,广泛性焦虑障碍,失眠障碍,双相情感障碍,强迫症,惊恐障碍,创伤后应激障碍,注意缺陷多动障碍|情绪低落,兴趣减退,入睡困难,早醒,心慌,反复洗手,注意力不集中,坐立不安|舍曲林,艾司西酞普兰,文拉法辛,喹硫平,碳酸锂,右佐匹克隆,丁螺环酮,哌甲酯|汉密尔顿抑郁量表,焦虑自评量表,PHQ-9问卷,多导睡眠监测,心理访谈,甲状腺功能|情绪,睡眠,认知功能,食欲,社会功能
ophthalmology|眼科|近视,白内障,青光眼,干眼症,糖尿病视网膜病变,结膜炎,黄斑变性,弱视|视力下降,眼干,眼红,眼痛,视物模糊,畏光,流泪,视野缺损|阿托品滴眼液,玻璃酸钠滴眼液,拉坦前列素,左氧氟沙星滴眼液,雷珠单抗,妥布霉素地塞米松滴眼液|视力检查,眼压测量,眼底照相,光学相干断层扫描（OCT）,裂隙灯检查,角膜地形图|眼底,晶状体,角膜,视网膜,视神经
ent|耳鼻喉科|慢性鼻窦炎,过敏性鼻炎,中耳炎,突发性耳聋,慢性咽炎,扁桃体炎,声带息肉,耳石症|鼻塞,流涕,耳鸣,听力下降,咽痛,声音嘶哑,打喷嚏,耳闷|糠酸莫米松鼻喷雾剂,西替利嗪,头孢呋辛,甲泼尼龙,生理盐水洗鼻,西地碘含片|纯音测听,鼻内镜,喉镜,鼻窦CT,声导抗,前庭功能检查|鼻腔,鼻窦,中耳,咽部,声带
stomatology|口腔科|龋齿,牙周炎,智齿冠周炎,复发性口腔溃疡,牙髓炎,颞下颌关节紊乱病,牙龈炎,错颌畸形|牙痛,牙龈出血,口臭,牙齿松动,冷热敏感,张口受限,口腔溃疡,关节弹响|甲硝唑,布洛芬,复方氯己定含漱液,西吡氯铵含漱液,阿莫西林,氟化物涂料|口腔全景片,牙周探诊,根尖片,口腔CBCT,咬合检查|牙龈,牙髓,智齿,颞下颌关节,口腔黏膜
orthopedics|骨科|腰椎间盘突出症,颈椎病,膝骨关节炎,肩周炎,桡骨远端骨折,骨质疏松性骨折,腱鞘炎,半月板损伤|腰痛,颈肩痛,膝关节痛,下肢放射痛,关节僵硬,活动受限,肿胀,手指麻木|塞来昔布,双氯芬酸钠,氨基葡萄糖,乙哌立松,甲钴胺,洛索洛芬钠,骨化三醇|X线片,腰椎MRI,膝关节MRI,骨密度,关节镜,神经传导检查|腰椎,颈椎,膝关节,肩关节,髋关节
tcm|中医科|脾胃虚弱,肝郁气滞,气血两虚,湿热内蕴,风寒感冒,肾阳虚,阴虚火旺,痰湿体质|食少便溏,胁肋胀痛,面色萎黄,口苦口黏,恶寒无汗,腰膝酸软,手足心热,倦怠乏力|四君子汤,逍遥散,八珍汤,荆防败毒散,金匮肾气丸,六味地黄丸,参苓白术散,二陈汤|舌诊,脉诊,体质辨识,四诊合参,经络检测|脾胃,肝经,肾,舌苔,脉象
emergency|急诊科|急性中毒,过敏性休克,中暑,急性心肌梗死,创伤性出血,低血糖昏迷,急性阑尾炎,一氧化碳中毒|意识不清,大汗淋漓,剧烈腹痛,呼吸急促,抽搐,血压下降,面色苍白,呕吐|肾上腺素,纳洛酮,葡萄糖注射液,甘露醇,地塞米松,生理盐水,阿托品|床旁心电图,血气分析,急诊生化,床旁超声,头颅CT,毒物筛查|气道,静脉通路,颈椎,腹部,四肢
infectious|感染科|流行性感冒,新型冠状病毒感染（COVID-19）,慢性乙型肝炎,肺结核,带状疱疹,细菌性痢疾,登革热,诺如病毒胃肠炎|发热,寒战,咽痛,肌肉酸痛,腹泻,黄疸,盗汗,皮疹|奥司他韦,恩替卡韦,替诺福韦,异烟肼,利福平,阿昔洛韦,头孢曲松,奈玛特韦/利托那韦|核酸检测,抗原检测,乙肝五项,HBV-DNA定量,结核菌素试验,血培养,胸部CT|肝脏,肺部,呼吸道,肠道,血液
"""

_EN_MED = """
cardiology|cardiology|hypertension,coronary artery disease,atrial fibrillation,chronic heart failure,acute myocardial infarction,viral myocarditis,hyperlipidemia,premature ventricular contractions|chest tightness,palpitations,chest pain,shortness of breath,dizziness,night-time breathlessness,ankle swelling,fatigue|aspirin,amlodipine,metoprolol,atorvastatin,valsartan,clopidogrel,furosemide,nitroglycerin|ECG,Holter monitoring,echocardiography,coronary CT angiography,coronary angiography,lipid testing,troponin testing,BNP testing|heart,coronary arteries,left ventricle,carotid arteries,aorta
respiratory|respiratory medicine|community-acquired pneumonia,COPD,asthma,acute bronchitis,pulmonary nodules,bronchiectasis,obstructive sleep apnea,pulmonary embolism|persistent cough,sputum production,wheezing,fever,pleuritic chest pain,breathlessness,coughing up blood,loud snoring|budesonide,salbutamol,tiotropium,amoxicillin-clavulanate,levofloxacin,montelukast,ambroxol,acetylcysteine|chest CT,chest X-ray,spirometry,arterial blood gas analysis,sputum culture,bronchoscopy,polysomnography,D-dimer testing|lungs,airways,pleura,trachea,throat
gastroenterology|gastroenterology|chronic gastritis,gastroesophageal reflux disease,peptic ulcer disease,Helicobacter pylori infection,irritable bowel syndrome,fatty liver disease,ulcerative colitis,acute pancreatitis|acid regurgitation,heartburn,upper abdominal pain,bloating,diarrhea,constipation,nausea,black stools|omeprazole,rabeprazole,hydrotalcite,mosapride,bismuth potassium citrate,bifidobacterium,mesalazine,montmorillonite powder|gastroscopy,colonoscopy,urea breath testing,abdominal ultrasound,liver function testing,fecal occult blood testing,contrast-enhanced abdominal CT|stomach,duodenum,colon,liver,pancreas,esophagus
neurology|neurology|migraine,ischemic stroke,Parkinson's disease,epilepsy,Alzheimer's disease,peripheral neuropathy,Bell's palsy,tension-type headache|headache,vertigo,limb numbness,tremor,memory loss,slurred speech,insomnia,facial drooping|butylphthalide,levodopa,valproate,donepezil,mecobalamin,ibuprofen,flunarizine,alteplase|brain MRI,head CT,electroencephalography,electromyography,carotid ultrasound,lumbar puncture,transcranial Doppler|brain,cerebellum,spinal cord,facial nerve,cervical spine
endocrinology|endocrinology|type 2 diabetes,type 1 diabetes,hyperthyroidism,hypothyroidism,thyroid nodules,osteoporosis,gout,polycystic ovary syndrome|excessive thirst,frequent urination,weight loss,heat intolerance,tiredness,red swollen joints,irregular periods,cold hands and feet|metformin,insulin glargine,dapagliflozin,methimazole,levothyroxine,alendronate,febuxostat,acarbose|fasting glucose,HbA1c testing,oral glucose tolerance testing,thyroid function testing,thyroid ultrasound,bone densitometry,serum uric acid|thyroid,pancreas,adrenal glands,pituitary,feet
pediatrics|pediatrics|hand-foot-and-mouth disease,childhood pneumonia,croup,acute gastroenteritis,roseola,allergic rhinitis,iron-deficiency anemia,febrile seizures|fever,barking cough,runny nose,rash,vomiting,poor appetite,irritability,lethargy|ibuprofen suspension,paracetamol,oral rehydration salts,zinc syrup,amoxicillin granules,vitamin D drops,nebulized budesonide,iron drops|complete blood count,C-reactive protein,chest X-ray,throat swab,stool examination,bone age X-ray,hemoglobin testing|throat,tonsils,airway,gut,skin
obgyn|obstetrics and gynecology|gestational diabetes,uterine fibroids,polycystic ovary syndrome,cervicitis,ovarian cysts,threatened miscarriage,postpartum hemorrhage,preeclampsia|heavy periods,lower abdominal pain,abnormal discharge,vaginal bleeding,painful periods,morning sickness,lower back ache,reduced fetal movement|folic acid,progesterone,dydrogesterone,magnesium sulfate,oxytocin,metronidazole,labetalol,ferrous sulfate|pelvic ultrasound,HPV testing,cervical cytology,glucose tolerance testing,fetal heart monitoring,hormone panels,colposcopy|uterus,ovaries,cervix,fallopian tubes,placenta
oncology|oncology|lung cancer,breast cancer,colorectal cancer,gastric cancer,hepatocellular carcinoma,nasopharyngeal carcinoma,lymphoma,thyroid cancer|unexplained weight loss,fatigue,persistent cough,painless lumps,rectal bleeding,loss of appetite,bone pain,hoarseness|cisplatin,paclitaxel,osimertinib,trastuzumab,capecitabine,pembrolizumab,letrozole,bevacizumab|PET-CT,core needle biopsy,tumor marker testing,contrast CT,genetic testing,bone scintigraphy,mammography|lymph nodes,breast,lung,liver,colon
dermatology|dermatology|eczema,psoriasis,chronic urticaria,acne,shingles,vitiligo,seborrheic dermatitis,athlete's foot|itching,red patches,scaling,small bumps,blisters,patches of lost pigment,burning pain,dry skin|loratadine,halometasone cream,tacrolimus ointment,acyclovir,isotretinoin,adapalene gel,terbinafine,calamine lotion|dermoscopy,fungal microscopy,patch testing,allergen testing,Wood's lamp examination,skin biopsy|face,back of the hands,scalp,trunk,soles
psychiatry|psychiatry|major depression,generalized anxiety disorder,chronic insomnia,bipolar disorder,obsessive-compulsive disorder,panic disorder,post-traumatic stress disorder,ADHD|low mood,loss of interest,trouble falling asleep,early waking,racing heart,repeated hand washing,poor concentration,restlessness|sertraline,escitalopram,venlafaxine,quetiapine,lithium,eszopiclone,buspirone,methylphenidate|PHQ-9 screening,GAD-7 screening,structured interviews,sleep diaries,polysomnography,thyroid function testing|mood,sleep,cognition,appetite,daily functioning
ophthalmology|ophthalmology|myopia,cataract,glaucoma,dry eye disease,diabetic retinopathy,conjunctivitis,macular degeneration,amblyopia|blurred vision,dry eyes,red eyes,eye pain,halos around lights,light sensitivity,watery eyes,loss of side vision|atropine eye drops,sodium hyaluronate drops,latanoprost,levofloxacin eye drops,ranibizumab,tobramycin-dexamethasone drops|visual acuity testing,tonometry,fundus photography,optical coherence tomography,slit-lamp examination,corneal topography|retina,lens,cornea,optic nerve,macula
ent|ENT|chronic sinusitis,allergic rhinitis,otitis media,sudden hearing loss,chronic pharyngitis,tonsillitis,vocal cord polyps,benign positional vertigo|nasal congestion,runny nose,tinnitus,hearing loss,sore throat,hoarseness,sneezing,ear fullness|mometasone nasal spray,cetirizine,cefuroxime,methylprednisolone,saline nasal irrigation,throat lozenges|pure-tone audiometry,nasal endoscopy,laryngoscopy,sinus CT,tympanometry,vestibular testing|nasal cavity,sinuses,middle ear,pharynx,vocal cords
stomatology|oral medicine|dental caries,periodontitis,pericoronitis,recurrent mouth ulcers,pulpitis,temporomandibular joint disorder,gingivitis,malocclusion|toothache,bleeding gums,bad breath,loose teeth,sensitivity to cold,limited mouth opening,mouth ulcers,jaw clicking|metronidazole,ibuprofen,chlorhexidine mouthwash,cetylpyridinium mouthwash,amoxicillin,fluoride varnish|panoramic radiography,periodontal probing,periapical X-rays,cone-beam CT,bite analysis|gums,dental pulp,wisdom teeth,jaw joint,oral mucosa
orthopedics|orthopedics|lumbar disc herniation,cervical spondylosis,knee osteoarthritis,frozen shoulder,wrist fracture,osteoporotic fracture,tenosynovitis,meniscus tear|low back pain,neck and shoulder pain,knee pain,sciatica,joint stiffness,limited movement,swelling,finger numbness|celecoxib,diclofenac,glucosamine,eperisone,mecobalamin,loxoprofen,calcitriol|plain X-rays,lumbar MRI,knee MRI,bone densitometry,arthroscopy,nerve conduction studies|lumbar spine,cervical spine,knee,shoulder,hip
tcm|traditional Chinese medicine|spleen qi deficiency,liver qi stagnation,qi and blood deficiency,damp-heat,wind-cold common cold,kidney yang deficiency,yin deficiency with internal heat,phlegm-damp constitution|poor appetite with loose stools,rib-side distension,sallow complexion,bitter taste in the mouth,chills without sweating,sore knees and lower back,hot palms and soles,lingering tiredness|Si Jun Zi Tang,Xiao Yao San,Ba Zhen Tang,Jing Fang Bai Du San,Jin Gui Shen Qi Wan,Liu Wei Di Huang Wan,Shen Ling Bai Zhu San,Er Chen Tang|tongue inspection,pulse diagnosis,constitution assessment,four-method assessment,meridian testing|spleen,liver meridian,kidney,tongue coating,pulse
emergency|emergency medicine|acute poisoning,anaphylaxis,heat stroke,acute myocardial infarction,traumatic bleeding,hypoglycemic coma,acute appendicitis,carbon monoxide poisoning|confusion,profuse sweating,severe abdominal pain,rapid breathing,seizures,low blood pressure,pale skin,vomiting|epinephrine,naloxone,intravenous glucose,mannitol,dexamethasone,normal saline,atropine|bedside ECG,arterial blood gas analysis,emergency chemistry panels,point-of-care ultrasound,head CT,toxicology screening|airway,venous access,cervical spine,abdomen,limbs
infectious|infectious diseases|seasonal influenza,COVID-19,chronic hepatitis B,pulmonary tuberculosis,shingles,bacillary dysentery,dengue fever,norovirus gastroenteritis|fever,chills,sore throat,muscle aches,diarrhea,jaundice,night sweats,rash|oseltamivir,entecavir,tenofovir,isoniazid,rifampicin,acyclovir,ceftriaxone,nirmatrelvir-ritonavir|PCR testing,rapid antigen testing,hepatitis B serology,HBV DNA quantification,tuberculin skin testing,blood cultures,chest CT|liver,lungs,respiratory tract,gut,bloodstream
"""

# key|display name|terms|roles|things|activities
_ZH_GEN = """
mathematics|数学|素数,微积分,线性代数,概率论,拓扑学,数论,几何证明,矩阵分解,函数极限,统计推断|数学家,中学教师,研究生,竞赛选手,统计学者|教材,公式,习题集,计算器,证明草稿,坐标纸|推导公式,证明定理,求解方程,构造反例,建立模型,验算结果
physics|物理|牛顿力学,电磁感应,热力学第二定律,量子力学,狭义相对论,光的折射,超导现象,声波共振|物理学家,实验员,工程师,天文学家,大学生|实验装置,示波器,望远镜,磁铁,粒子探测器,单摆|测量数据,设计实验,分析误差,推导方程,观察现象,校准仪器
history|历史|丝绸之路,宋代市舶司,明代海禁,工业革命,文艺复兴,唐代科举,郑和下西洋,古代驿站制度|史学家,考古学者,地方志编纂者,博物馆研究员,文献学家|古籍,碑刻,出土文物,地方志,档案,古地图|考证史料,整理文献,发掘遗址,比对版本,测定年代,走访遗迹
law|法律|合同法,劳动合同,知识产权,民事诉讼,消费者权益保护,物业纠纷,个人信息保护,继承制度|律师,法官,仲裁员,法律援助工作者,当事人|判决书,合同文本,证据材料,法律条文,调解协议|提起诉讼,签订合同,收集证据,申请仲裁,审查条款,咨询律师
economics|经济|通货膨胀,供需关系,货币政策,边际效用,比较优势,消费升级,产业链,汇率波动|经济学家,分析师,企业主,投资者,统计部门|财务报表,价格指数,统计数据,调查问卷,行业报告|调整利率,扩大投资,控制成本,分析数据,预测走势,优化结构
computing|计算机|操作系统,数据库索引,哈希表,分布式系统,机器学习,编译原理,网络协议,并行计算|程序员,架构师,测试工程师,运维人员,数据科学家|服务器,源代码,日志文件,算法,配置文件,接口文档|编写代码,调试程序,优化查询,部署服务,设计接口,排查故障
sports|体育|马拉松,乒乓球,足球联赛,游泳,羽毛球,篮球,举重,越野跑|运动员,教练,裁判,体能师,球迷|跑鞋,球拍,训练计划,秒表,护具,奖牌|热身拉伸,间歇训练,调整战术,恢复体能,参加比赛,分析录像
food|美食|红烧肉,清蒸鱼,拍黄瓜,手擀面,小笼包,麻婆豆腐,番茄炒蛋,桂花糕|厨师,美食作家,家庭主妇,面点师,食客|铁锅,砂锅,蒸笼,调味料,食谱,擀面杖|切配食材,焯水,慢火炖煮,调制酱汁,和面,控制火候
travel|旅游|古镇游,自驾游,徒步线路,博物馆参观,海岛度假,草原露营,冰雪旅游,红色旅游|导游,游客,民宿老板,背包客,景区管理员|行李箱,地图,门票,防晒霜,登山杖,相机|规划路线,预订酒店,购买门票,拍摄风景,品尝小吃,办理签证
literature|文学|唐诗,宋词,现代小说,散文,章回体小说,戏剧文学,儿童文学,网络文学|作家,诗人,评论家,编辑,读者|手稿,诗集,长篇小说,文学期刊,译本,书评|创作小说,修改手稿,翻译作品,朗诵诗歌,撰写评论,编选文集
agriculture|农业|水稻种植,温室大棚,节水灌溉,有机肥料,病虫害防治,果树修剪,土壤改良,智慧农业|农民,农技员,合作社社长,育种专家,养殖户|播种机,滴灌设备,种子,化肥,植保无人机,农药|整地播种,施肥浇水,防治病虫,采收晾晒,嫁接育苗,测土配方
military|军事|军事地理,古代兵法,国防教育,后勤保障,军事训练,海防建设,军事通信,边防巡逻|军事史学者,退役军人,教官,军事评论员,学员|地图,兵书,通信设备,训练手册,博物馆藏品|组织演练,研读兵法,野外拉练,体能考核,整理装备,讲授课程
education|教育|义务教育,职业教育,在线课程,课后服务,教师培训,家庭教育,阅读推广,高考改革|教师,校长,家长,学生,教研员|教材,课程表,作业本,多媒体设备,教案,试卷|备课,批改作业,组织讨论,开展家访,设计课程,评估学习效果
entertainment|娱乐|电视剧,综艺节目,音乐节,电影票房,短视频,话剧演出,动画电影,游戏直播|导演,演员,歌手,编剧,主持人|剧本,舞台,专辑,预告片,剧照,海报|拍摄电影,排练节目,录制专辑,举办演唱会,策划活动,发布作品
"""

_EN_GEN = """
mathematics|mathematics|prime numbers,calculus,linear algebra,probability theory,topology,number theory,geometric proof,matrix decomposition,limits of functions,statistical inference|mathematicians,secondary school teachers,graduate students,olympiad contestants,statisticians|textbooks,formulas,problem sets,graphing calculators,written proofs,coordinate grids|deriving formulas,proving theorems,solving equations,building counterexamples,fitting models,checking results
physics|physics|Newtonian mechanics,electromagnetic induction,the second law of thermodynamics,quantum mechanics,special relativity,the refraction of light,superconductivity,acoustic resonance|physicists,lab technicians,engineers,astronomers,undergraduates|experimental rigs,oscilloscopes,telescopes,magnets,particle detectors,pendulums|taking measurements,designing experiments,estimating errors,deriving equations,observing phenomena,calibrating instruments
history|history|the Silk Road,Song dynasty maritime trade offices,the Ming sea ban,the Industrial Revolution,the Renaissance,the imperial examination system,the voyages of Zheng He,ancient postal relay stations|historians,archaeologists,local chroniclers,museum curators,philologists|old manuscripts,stone inscriptions,excavated artifacts,local gazetteers,archives,historical maps|cross-checking sources,editing documents,excavating sites,comparing editions,dating objects,visiting ruins
law|law|contract law,employment contracts,intellectual property,civil procedure,consumer protection,property management disputes,personal data protection,inheritance rules|lawyers,judges,arbitrators,legal aid workers,litigants|court judgments,contract drafts,evidence files,statutes,settlement agreements|filing lawsuits,signing contracts,gathering evidence,applying for arbitration,reviewing clauses,consulting counsel
economics|economics|inflation,supply and demand,monetary policy,marginal utility,comparative advantage,consumer upgrading,supply chains,exchange rate swings|economists,analysts,small business owners,investors,statistical agencies|balance sheets,price indices,survey data,questionnaires,industry reports|adjusting interest rates,expanding investment,controlling costs,analyzing data,forecasting trends,restructuring industries
computing|computing|operating systems,database indexes,hash tables,distributed systems,machine learning,compiler design,network protocols,parallel computing|programmers,software architects,test engineers,site reliability engineers,data scientists|servers,source code,log files,algorithms,configuration files,API documentation|writing code,debugging programs,tuning queries,deploying services,designing interfaces,tracing failures
sports|sports|marathon running,table tennis,league football,swimming,badminton,basketball,weightlifting,trail running|athletes,coaches,referees,strength coaches,fans|running shoes,rackets,training plans,stopwatches,protective gear,medals|warming up,interval training,adjusting tactics,recovering between sessions,entering competitions,reviewing match footage
food|food|braised pork belly,steamed fish,smashed cucumber salad,hand-pulled noodles,soup dumplings,mapo tofu,tomato and egg stir-fry,osmanthus cake|chefs,food writers,home cooks,pastry makers,diners|woks,clay pots,bamboo steamers,spice blends,recipe cards,rolling pins|prepping ingredients,blanching,slow braising,mixing sauces,kneading dough,controlling the heat
travel|travel|old town tours,road trips,hiking routes,museum visits,island holidays,grassland camping,winter sports trips,heritage tourism|tour guides,tourists,guesthouse owners,backpackers,park rangers|suitcases,maps,entrance tickets,sunscreen,trekking poles,cameras|planning routes,booking hotels,buying tickets,photographing scenery,tasting street food,applying for visas
literature|literature|Tang poetry,Song ci lyrics,the modern novel,the personal essay,classical serial fiction,dramatic literature,children's literature,online fiction|novelists,poets,critics,editors,readers|manuscripts,poetry collections,long novels,literary magazines,translations,book reviews|drafting novels,revising manuscripts,translating works,reciting poems,writing criticism,compiling anthologies
agriculture|agriculture|rice cultivation,greenhouse farming,water-saving irrigation,organic fertilizer,pest management,fruit tree pruning,soil improvement,precision agriculture|farmers,extension agents,cooperative leaders,plant breeders,livestock keepers|seed drills,drip lines,seed stock,fertilizer,crop-spraying drones,pesticides|preparing fields,fertilizing and watering,controlling pests,harvesting and drying,grafting seedlings,testing soil
military|military history|military geography,classical strategy texts,national defense education,military logistics,basic training,coastal defense,military communications,border patrols|military historians,veterans,instructors,defense commentators,cadets|maps,strategy treatises,radio equipment,training manuals,museum collections|organizing drills,studying strategy,field marches,fitness assessments,maintaining equipment,teaching courses
education|education|compulsory schooling,vocational training,online courses,after-school programs,teacher training,family education,reading promotion,exam reform|teachers,principals,parents,students,curriculum researchers|textbooks,timetables,exercise books,classroom projectors,lesson plans,exam papers|preparing lessons,grading homework,leading discussions,visiting families,designing courses,assessing learning
entertainment|entertainment|television dramas,variety shows,music festivals,box office results,short videos,stage plays,animated films,game streaming|directors,actors,singers,screenwriters,hosts|scripts,stages,albums,trailers,production stills,posters|shooting films,rehearsing shows,recording albums,staging concerts,planning events,releasing new work
"""

# Shared word lists: name|items
_ZH_COMMON = """
city|北京,上海,广州,成都,武汉,西安,杭州,南京,长沙,昆明,沈阳,郑州,青岛,厦门,兰州,贵阳,哈尔滨,南宁,合肥,济南,福州,太原,石家庄,苏州,大连,宁波,重庆,天津,无锡,洛阳,桂林,拉萨
surname|王,李,张,刘,陈,杨,黄,赵,吴,周,徐,孙,马,朱,胡,郭,何,林,罗,高,梁,宋,郑,谢,韩,唐,冯,于,董,程,曹,袁,邓,许,傅,沈,曾,彭,吕,苏,卢,蒋,蔡,丁,魏,薛,叶,余,潘,杜,戴,夏,钟,汪,田,任,姜,范,方,石,姚,谭,廖,邹,熊,金,陆,郝,孔,白,崔,康,毛,邱,秦,江,史,顾,侯,邵,孟,龙,段,雷,钱,汤,尹,黎,易,常,武,乔,贺,赖,龚,文
given|伟,芳,娜,敏,静,丽,强,磊,军,洋,勇,艳,杰,娟,涛,明,超,秀,霞,平,刚,桂,英,华,玉,萍,红,建,文,辉,宇,鑫,欣,怡,晨,浩,然,博,琳,婷,嘉,瑞,凯,思,雨,子,涵,梓,轩,泽,佳,一,诗,晓,俊,志,海,兰,国,德
era|十七世纪,十九世纪末,二十世纪初,二十世纪中叶,上世纪八十年代,先秦时期,唐宋时期,明清之际,近代
cause|遗传因素,长期熬夜,吸烟,过量饮酒,肥胖,缺乏运动,高盐饮食,精神压力,反复感染,年龄增长,环境污染,免疫功能紊乱
approach|生活方式干预,药物治疗,手术治疗,综合治疗,对症支持治疗,康复训练,中西医结合治疗
habit|合理膳食,规律运动,戒烟限酒,控制体重,保证睡眠,减轻压力,勤洗手,按时接种疫苗,定期体检
diet|少盐少油,多吃新鲜蔬菜,控制甜食,少喝含糖饮料,三餐定时定量,细嚼慢咽,适量摄入优质蛋白
exercise|快走,慢跑,游泳,太极拳,骑自行车,八段锦,瑜伽,跳绳
season|春季,夏季,秋冬季节,换季时,梅雨季节,冬季,气温骤降时
task|测量血压,使用吸入装置,监测血糖,护理伤口,给孩子退热,做康复训练,准备体检,整理用药记录
growth|经济增长点,文化名片,发展亮点,消费热点,产业方向
freq|每日一次,每日两次,每日三次,每晚睡前一次,每周一次,早晚各一次
hospkind|第一人民医院,中心医院,中医医院,妇幼保健院,第二人民医院,人民医院,第三医院,大学附属医院,市立医院
doctitle|医生,主任,教授,副主任医师,主治医师
relative|父亲,母亲,爱人,家里老人,孩子,外婆,哥哥
"""

_EN_COMMON = """
city|Boston,Denver,Leeds,Glasgow,Toronto,Melbourne,Auckland,Austin,Portland,Bristol,Dublin,Cardiff,Perth,Calgary,Ottawa,Phoenix,Nashville,Halifax,Brisbane,Sheffield,Cork,Adelaide,Seattle,Edinburgh,Winnipeg,Omaha,Hobart,Dundee
first|Alice,Ben,Carla,David,Elena,Farid,Grace,Hiro,Isabel,James,Kwame,Laura,Mei,Noah,Olivia,Priya,Quentin,Rosa,Samuel,Tara,Umar,Vera,Wei,Yusuf,Zoe,Liam,Nadia,Oscar,Hannah,Marco,Ingrid,Tomas
last|Anderson,Baker,Chen,Diaz,Evans,Fischer,Garcia,Hughes,Ito,Johnson,Khan,Lopez,Murphy,Nguyen,Okafor,Patel,Quinn,Rossi,Smith,Taylor,Usman,Varga,Wong,Young,Zhang,Brennan,Costa,Larsen,Moreau,Singh,Novak,Haddad
era|the seventeenth century,the late nineteenth century,the early twentieth century,the 1950s,the 1980s,antiquity,the Tang and Song periods,the late Ming,the early modern era
cause|genetic factors,chronic sleep loss,smoking,heavy drinking,obesity,physical inactivity,a salty diet,long-term stress,repeated infections,aging,air pollution,immune dysregulation
approach|lifestyle change,drug therapy,surgery,combined treatment,supportive care,rehabilitation,integrated Chinese and Western medicine
habit|a balanced diet,regular exercise,quitting smoking,limiting alcohol,weight control,enough sleep,stress management,hand washing,keeping vaccinations up to date,routine check-ups
diet|vegetables,whole grains,lean protein,less salt and oil,fewer sugary drinks,regular meal times,slow chewing
exercise|brisk walking,jogging,swimming,tai chi,cycling,baduanjin,yoga,skipping rope
season|spring,summer,autumn and winter,the change of seasons,the rainy season,winter,sudden cold snaps
task|measure blood pressure,use an inhaler,check blood sugar,care for a wound,bring down a child's fever,do rehabilitation exercises,prepare for a health check,keep a medicine log
growth|growth engine,cultural calling card,local highlight,consumer hotspot,industrial focus
freq|once daily,twice daily,three times a day,at bedtime,once weekly,morning and evening
hospkind|General Hospital,Memorial Hospital,University Hospital,Regional Medical Center,Community Hospital,City Hospital,Teaching Hospital
relative|father,mother,husband,wife,son,daughter,grandmother
monthname|January,February,March,April,May,June,July,August,September,October,November,December
"""

# Templates: "@lang.domain.section" starts a section; one template per line.
_TEMPLATES = """
@zh.medical.q
[医生您好，|大夫您好，|您好，|]我[今年|]{age}岁，[最近|近来|这段时间]{dur}[总是|经常|反复|时不时]{sym}，[有时候还|偶尔还会|同时还]{sym}，请问[这是|会不会是|是不是]{dz}？
我{relative}{age}岁，[之前|去年|前几天]在{city}[一家医院|的医院|]查出{dz}，[医生开了|目前在吃|一直服用]{drug}，[想问一下|请问|麻烦问下]还需要[做什么检查|注意些什么|换药吗]？
[体检|单位体检|入职体检]时发现{exam}[结果|指标][有点|偏]异常，[报告上写着|医生提示]可能和{dz}有关，[我很担心|心里有点慌|不知道严不严重]，需要[马上|尽快|]去{dept}[看看|就诊|复查]吗？
吃了{drug}[大概|差不多|]{n}天以后，{sym}[好了一些|没有明显改善|反而加重了]，[这种情况|这样]正常吗？
[请问|想咨询一下，]{dz}[能不能|可以][根治|彻底治好|自己好]？[平时|日常生活中]饮食上要[忌口|注意]什么？
[我是|本人]{sex}性，{age}岁，[有|患]{disease}[病史|]{dur}，[最近|这两天]又[出现了|多了]{sym}和{sym}，[是不是|会不会是][病情加重了|并发了别的问题]？
[孩子|宝宝|我家小朋友]昨天[开始|突然]{sym}，[量了体温|体温][是|有]{temp}度，[精神还可以|精神不太好|吃饭也少了]，[需要去医院吗|在家怎么护理比较好]？
已经在{hosp}做了{exam}，[结果显示|报告提示]{part}[有轻度改变|有一个小结节|未见明显异常]，可是{sym}[还是没好|一直存在]，[下一步该怎么办|还要做别的检查吗]？
[听朋友说|网上看到说]{drug}[对|治疗]{dz}[效果很好|有用]，[我能不能|我可以]自己[买来吃|加上]？
我有{dz}[好几年了|多年|{n}年了]，[一直|长期]用{drug}{dose}{freq}，[最近|上个月]复查{exam}[还是|依然][不太理想|偏高]，要不要[调整剂量|换药]？
[晚上|夜里|早上起床后]{sym}[特别|尤其|比较]明显，[白天|活动后][反而|倒是][好一些|轻一点]，[这|这种规律]说明什么问题？
[我们|我们家]在{city}，[附近|当地]只有[社区医院|小诊所]，{dz}[这种病|的复查][在那里|在基层][能不能|可不可以]做？
@zh.medical.a
[您好，|你好，|]根据您[描述的|提供的][情况|症状]，[考虑|首先要考虑|不能排除]{dz}的可能，[建议|最好]到{dept}[进一步|]完善{exam}[等检查|]。
{dz}[常见的表现|的典型症状][包括|有]{sym}、{sym}和{sym}，[但|不过]每个人的[表现|轻重][差异很大|不完全一样]。
[目前|现在]的{drug}[可以|建议][继续|按时]服用，[不要|切勿][自行|随意]停药或[加量|减量]，[有疑问时|病情变化时]应[先|及时]咨询[主治医生|开药的医生]。
[日常生活中|平时]要[注意|做到][规律作息|清淡饮食|适度运动]，[戒烟限酒|少吃辛辣油腻食物|保持心情舒畅]，这对{dz}的[控制|恢复][很有帮助|非常重要]。
如果出现{sym}[明显加重|持续不缓解]，[或者|甚至]伴有{sym}，[应当|一定要][立即|尽快]到[急诊|附近医院]就诊。
{exam}[只是|仅仅是][一项|]{exam2kind}，[单凭|仅凭]一次结果[还不能|无法][确诊|下结论]，[一般|通常]需要[结合|综合]{exam}[和临床表现|一起]判断。
[从|就]您[说的|描述的]{dur}[病程|时间]来看，[多数|大部分]患者[经过|通过][规范治疗|系统治疗]后[症状|病情]是[可以控制的|能够明显好转的]，[不必|无需][过分|太过]焦虑。
{drug}[常见的|可能出现的]不良反应有{sym}和{sym}，[发生率|出现的比例][大约|约]为{pct}，[多数|一般][较轻|可耐受]。
[建议|最好]{n}到{n2}周后[复查|再查一次]{exam}，[根据结果|视情况][再决定|评估]是否需要[调整方案|加用{drug}]。
[需要提醒的是，|另外，|还要注意，]网上的[说法|偏方][良莠不齐|不一定可靠]，[用药|治疗]请[遵医嘱|在医生指导下进行]。
[孩子|老年人|孕妇]属于特殊人群，[用药剂量|治疗方案]需要[医生|专科医生]根据[体重|年龄|肝肾功能][来|]计算，[千万|请]不要[照搬|参考]成人[的经验|用法][。|！]
[以上|上述]建议[仅供参考|只是初步意见]，[具体|最终]还[请|需]以面诊[结果|医生意见]为准。
您[提到的|说的]{sym}[也可能|还可能][由|是]{disease}[引起|导致的]，[两者|这两种病]的[处理|治疗][思路|原则][不同|差别较大]，[所以|因此][鉴别|区分]很[关键|重要]。
[复诊|下次就诊]时[请|记得][带上|携带][以往的|之前的]{exam}[报告|结果]，[方便|便于]医生[对比|比较][前后|病情]变化。
@zh.medical.chief
{sym}[伴|，伴有]{sym}{dur}[，加重{n}天|]。
[反复|间断|持续]{sym}{dur}，[再发|加重]{n}天。
[发现|体检发现]{exam}异常{dur}，[伴|]{sym}{n}天。
@zh.medical.hpi
患者{dur}前[在无明显诱因下|受凉后|劳累后|饮食不洁后|在情绪激动后]出现了{sym}，[呈|为][阵发性|持续性|间歇性]，[伴|并伴有]{sym}，[无|否认]{sym}。
[曾|既往]在{hosp}[就诊|诊治]，[诊断为|考虑]{disease}，[予|给予]{drug}[治疗|口服]，[症状|病情][稍有缓解|未见好转|时轻时重]。
[为了进一步诊治|今为求系统的治疗|因症状有所加重]，[来我院|遂来本院]{dept}就诊，[门诊|急诊]以“{DZ}”收入[院|病房]。
[发病以来|病程中]，患者[精神|神志][尚可|欠佳|清楚]，[饮食|睡眠][一般|较差|正常]，[大小便|二便][正常|如常]，体重[下降了约|减轻了约|增加了约]{n}千克。
[近{n}天|入院前{n}日]{sym}[较前加重|明显加重了|较前频繁了]，[每次|每回][持续|约]{nn}分钟，[休息后|服药后][可|能][缓解|减轻]。
[自述|家属代诉]{sym}[多在|常在][夜间|清晨|餐后|活动后]出现，[与|和][体位|饮食|天气][变化|改变][有关|关系不大]。
@zh.medical.past
[有{disease}病史{n}年|否认{disease}病史]，[否认|无]药物过敏史，[吸烟|饮酒]史[约|]{n}年。
[既往体健|平素身体一般]，[{n}年前|早年]曾行[阑尾切除术|剖宫产术|胆囊切除术]，[否认|无]输血史。
@zh.medical.exam
体温{temp}℃，脉搏{hr}次/分，血压{bp}mmHg，{part}的[检查|听诊|触诊][未见明显异常|有可疑的异常|有压痛]。
[神志清楚|精神可]，[查体合作|对答切题]，{part}[区|部位][有轻压痛|无压痛]，[双下肢|四肢][无水肿|活动自如]。
@zh.medical.tests
{exam}[提示|示]{part}[有轻度异常|未见明显的异常|有局限性改变]，{exam}的[结果|数值]为{num}。
{exam}[回报|结果][异常|偏高|在正常范围]，[结合|综合]{exam}[结果|]，[符合|支持]{dz}[表现|诊断]。
@zh.medical.diag
1. {DZ}；2. {disease}[待排|待查|]。
{DZ}[（{grade}）|（初诊）|]；[合并|伴有]{disease}。
@zh.medical.plan
[完善|继续完善]{exam}[及|、]{exam}；[予|给予]{drug}{dose}{freq}；[监测|密切观察]{sym}的[变化|情况]，[必要时|视病情]请{dept2}会诊。
[医嘱：|嘱：][低盐低脂饮食|清淡饮食|卧床休息|适量活动]，[按时|规律]服药，并在第{n}周[时|]到[门诊|专科门诊]复诊。
[向患者和家属|与家属]交代了病情，[告知|说明]{drug}[可能的|常见]不良反应，[家属|患者]表示理解。
@zh.medical.obj
[探讨|分析|评价]{drug}[治疗|用于]{dz}[患者|]的[临床疗效|安全性|疗效及安全性]。
[观察|比较]{drug}[联合|加用]{drug}对{dz}患者{exam}[及|和][生活质量|症状评分]的影响。
@zh.medical.methods
[选取|回顾性分析]{year}年{month}月至{year2}年{month2}月{hosp}收治的{dz}患者{nnn}例，[按随机数字表法|根据治疗方案]分为[观察组|试验组]和对照组，每组{nn}例。
对照组[采用|给予]常规治疗，[观察组|试验组]在此基础上[加用|联合]{drug}，[疗程|连续治疗]{n}周。
[比较|观察]两组{exam}[指标|结果]、{sym}[缓解时间|评分]及不良反应发生率。
[所有|全部]患者[均|都][签署|签订]知情同意书，[研究|本研究]经{hosp}伦理委员会[批准|审核通过]。
@zh.medical.results
[观察组|试验组]总有效率为{pct}，[高于|明显高于]对照组的{pct}（P<0.05）。
治疗后两组{exam}均[较治疗前|]改善，[且|]组间差异有统计学意义（P<0.05）。
两组不良反应发生率[分别为|]{pct}和{pct}，差异无统计学意义（P>0.05）。
[随访|治疗后随访]{n}个月，[观察组|试验组]复发率为{pct}，[低于|明显低于]对照组。
[亚组分析|分层分析][显示|提示]，{age}岁以上患者[获益|疗效][更为明显|略低]。
@zh.medical.concl
{drug}[治疗|用于]{dz}[疗效确切|效果较好]，[可|能够][有效|明显][缓解|改善]{sym}，[安全性良好|值得临床推广应用|值得进一步研究]。
[本研究|该研究][样本量|病例数][有限|较少]，[结论|结果][尚需|仍需][多中心|大样本]研究[进一步|]验证。
@zh.medical.def
{dz}是[一种|一类][常见的|多发的|较为常见的]疾病，[主要|多][累及|影响]{part}，[在|于][中老年人|青壮年|儿童|各年龄段人群]中[较为多见|均可发生]。
{dz}[在医学上|临床上]属于{dept}[的常见病|诊治的范畴]，[其|它的][发病|患病][与|和]{cause}[、|和]{cause}[等因素|][密切相关|有关]。
@zh.medical.epi
[据|根据][统计|流行病学调查]，[我国|全国][成人|人群]中{dz}的患病率约为{pct}，[并且|且][呈逐年上升趋势|城市高于农村|男性略高于女性]。
[近年来|过去{nn}年间]，{dz}的[就诊人数|确诊病例][不断|持续][增加|攀升]，[年轻化趋势|低龄化现象][日益|越来越][明显|突出]。
@zh.medical.sym
{dz}[早期|初期][可能|往往][没有明显症状|症状不典型]，[随着病情进展|病情加重后][可出现|会出现]{sym}、{sym}等[表现|症状]。
[典型|部分]患者[会|可][感到|出现]{sym}，[严重时|病情严重者][还|甚至][伴有|出现]{sym}。
@zh.medical.dx
[诊断|确诊]{dz}[主要|通常][依靠|依据]{exam}和{exam}，[必要时|有时还需]进行{exam}。
[医生|临床医生][还|]需要[将|把]{dz}[与|和]{disease}[相鉴别|区分开来]，[以免|避免][误诊|漏诊]。
@zh.medical.tx
[治疗上|治疗方面][以|]{approach}[为主|为基础]，[常用药物|常用的药物][包括|有]{drug}、{drug}等，[需|应][在医生指导下|遵医嘱]使用。
[对于|针对][病情较重|症状明显]的患者，[可|可以][考虑|选择]{approach}，[并|同时][配合|辅以]{approach}。
@zh.medical.prev
[预防|预防方面]{dz}[的关键|最重要的]在于{habit}和{habit}，[高危人群|有家族史的人]应[每年|定期]进行{exam}。
[养成|坚持]{habit}的[习惯|好习惯]，[能|可以][明显|在一定程度上][降低|减少]{dz}的[发病风险|发作次数]。
@zh.medical.prog
[经过|通过][规范|及时]治疗，[大多数|绝大多数]{dz}患者[可以|能够][回归正常生活|有效控制病情]，[但|然而][部分|少数]患者[可能|仍][反复发作|遗留后遗症]。
@zh.medical.lead
[本报讯|记者{name}报道|{month}月{day}日消息]，{hosp}{dept}[近日|日前|本周][成功|顺利][救治|抢救][了|]一[例|位]{age}岁的{dz}患者。
{year}年{month}月{day}日，[第{n}届|]{dz}[防治|诊疗]学术[会议|研讨会]在{city}[举行|召开]，[来自|]全国[各地|]的{nnn}[余|多]名[专家|医务人员][参加|出席]。
[近日|日前]，{city}[卫生健康部门|疾控部门][发布|公布]了{dz}[防治|筛查][工作方案|指引]，[计划|准备]在{n}年内[覆盖|惠及]{nnnn}[余|多]户家庭。
@zh.medical.body
[据|据该院]{dept}[主任|负责人]{doc}[介绍|说]，[患者|该患者][入院时|送医时][已经|]出现{sym}和{sym}，[病情|情况][十分危急|比较复杂]。
[医疗团队|专家组][迅速|立即][为其|为患者][完成|进行]了{exam}，[并|随后][制定了|确定了][个体化|详细的]治疗方案。
[目前|截至发稿时]，患者[生命体征平稳|已康复出院|恢复良好]。
[数据显示|统计显示]，[该院|本地]{dept}[去年|今年以来][共|累计][接诊|收治]{dz}患者{nnnn}[余|多]人次，[比|较]上年[增长|增加]了{pct}。
[会上|会议期间]，[多位|几位]专家[围绕|就]{dz}的{exam}[和|与]{approach}[进行了|作了][专题报告|深入交流]。
[记者|笔者][了解到|注意到]，[不少|许多]患者[在|]出现{sym}[后|以后][仍然|依旧][选择|习惯][硬扛|忍着]，[直到|等到]{sym}[才|方][就医|来医院]。
@zh.medical.quote
“{dz}[并不可怕|是可以预防的]，[关键|重要的]是[早发现、早治疗|定期体检]。”{doc}[提醒|强调]说。
[专家|{doc}][建议|提醒]，[市民|广大群众][如果|一旦]出现{sym}，[应|要][及时|尽快]到[正规医院|专科门诊]就诊，[不要|切勿][拖延|自行用药]。
“[很多|不少][病人|患者][来的时候|就诊时][已经|]错过了[最佳|黄金]治疗[时机|窗口]，[非常|实在][可惜|遗憾][。|！]”{doc}[说|感慨道]。
@zh.medical.intro
[很多人|不少患者][不知道|不清楚][如何|怎样][正确地|科学地]{task}，[下面|本文][介绍|整理了]几个[实用|简单]的[方法|步骤]。
{dz}患者[在家|日常][如何|怎样][做好|进行]自我管理？[下面|本文]{dept}{doc}[给大家|为大家][总结|梳理]了[几点|一些][要点|建议]。
@zh.medical.steps
{stepno}，[准备好|备好]{exam}[报告|单]和[近期的|最近的]用药清单，[就诊时|复诊时][一并|]带给医生。
{stepno}，[每天|每日][固定时间|同一时间]记录{sym}[的|]变化，[最好|建议][用|借助]手机或笔记本[记下来|做记录]。
{stepno}，[按|按照]医嘱服用{drug}，[漏服时|忘记吃药时][不要|切勿][一次|]补服双倍剂量。
{stepno}，饮食上[做到|注意]{diet}，[每餐|每顿][吃到|控制在]{n}成饱[即可|就好]。
{stepno}，[每周|每星期][坚持|进行]{n}次{exercise}，每次{nn}分钟[左右|上下]。
{stepno}，[保持|注意]{part}的[清洁|保护]，[出现|发现]{sym}[时|后]要[及时|马上]就医。
{stepno}，[学会|掌握]{task}的[正确|基本]方法，[必要时|如有疑问][请|让][护士|医生][现场|当面][示范|指导]。
@zh.medical.caution
[需要注意的是|特别提醒]，[如果|若][自我管理|居家护理]{n}周后{sym}[仍未|依然没有][改善|缓解]，应[及时|尽快]到{dept}就诊[。|！]
[以上|上述][方法|建议][适用于|只适合][病情稳定的|轻症]患者，[具体|个人情况]请[咨询|遵从]主治医生[的意见|]。
@zh.medical.extra
[研究|临床观察|多项研究]表明，[长期|持续]{habit}[能够|可以]使{dz}的[发生风险|复发风险][降低|下降]约{pct}。
[很多|不少]患者[误以为|以为]{sym}[只是|不过是][小毛病|劳累所致]，[结果|从而][延误了|耽误了]{dz}的[诊断|最佳治疗时机]。
[对于|针对][合并|同时患有]{disease}的患者，[用药时|选择药物时]需要[兼顾|考虑][两种疾病|药物之间的相互作用]。
[部分|有些]患者[在|于]{season}[症状|病情][容易|更易][加重|反复]，[这|此]与[气温变化|作息改变|饮食变化][有关|密切相关]。
[家属|家人][在|]日常[照护|护理]中[应|要][留意|观察]患者的{sym}[情况|变化]，[发现异常|一旦异常][及时|立即]与医生[沟通|联系]。
{exam}[是|属于][一项|]常规[检查|手段]，[整个过程|检查过程][大约|仅需]{nn}分钟，[一般|通常]不需要[特殊准备|住院]。
[目前|现阶段]，[国内外|各类]指南[均|都][推荐|建议]将{drug}作为{dz}的[一线|首选|基础][用药|治疗药物]之一。
[值得一提的是|需要强调的是]，{dz}[与|和]{disease}[之间|][存在|有][一定|密切]关联，[两者|二者][常|往往][同时存在|相互影响]。
[在|据]{city}[开展|进行]的一项[调查|随访研究]中，[约|共有]{pct}的受访者[表示|承认][并不了解|从未听说过]{dz}的[早期信号|危险因素]。
[如果|若][家中|家族中]有{dz}[患者|病史]，[其他成员|直系亲属]最好[从|在]{age}岁[起|开始][定期|每年][筛查|检查]。
就诊[前|时]，[最好|建议][把|将]{sym}[出现的时间|持续多久]、[诱因|加重因素][以及|和][缓解方式|用药情况][告诉|讲给]医生。
[不规律|不规范]用药[不仅|非但][影响|降低]{drug}的疗效，[还可能|还会][增加|带来]{sym}等[不良反应|副作用]。
[心理|情绪]因素[同样|也][不容忽视|很重要]，[长期|持续的][焦虑|紧张]会[让|使]{sym}[更加明显|加重]。
{dept}[门诊|专科][每周|每天][都会|会][接诊|遇到][大量|许多]{dz}[患者|病例]，[其中|当中][以|]{age}岁[左右|上下]的[人群|患者]最为常见。
@zh.medical.mixed
[复查|门诊复查时]HbA1c为{num}%，LDL-C为{num} mmol/L，[较上次|比上次][有所下降|略有升高]。
头颅MRI[提示|显示][少许|多发]腔隙性缺血灶，[建议|需][结合|参考]CT[结果|]综合判断。
[患者|该患者]COVID-19抗原检测[阳性|阴性]，[同时|]伴有{sym}，[按照|根据]指南[予以|给予]对症治疗。
[转入|进入]ICU后[给予|予]心电监护，SpO2[维持在|约]{spo2}%[左右|以上]。
BMI为{num2} kg/m²，[属于|提示][超重|肥胖|正常范围]，[建议|需要][控制体重|调整饮食结构]。
PET-CT[未见|提示][远处转移|局部淋巴结代谢增高]，EGFR基因检测[为|提示][19号外显子缺失|阴性]。
[患者|该女士]HPV[16型|52型|58型]阳性，[建议|需]行阴道镜[检查|]及TCT复查。
[术后|出院前]复查CRP为{num} mg/L，WBC {num}×10⁹/L，[炎症指标|感染指标][明显下降|基本正常]。
[医生|心内科][建议|考虑]行PCI[治疗|]，[术后|之后]需[长期|规律][服用|进行]双联抗血小板[治疗|方案]。
胸部CT[显示|提示][右肺|左肺][上叶|下叶]见一[磨玻璃|实性]结节，[大小|直径]约{nn} mm，[建议|需]{n}个月后随访。
@zh.medical.title
{DZ}[患者|人群]的[自我管理|日常护理|用药]要点
[关于|聊聊]{DZ}，[你需要知道的|这几点要]{n}件事
{drug}治疗{DZ}的临床观察
{hosp}[成功救治|救治]{DZ}患者
@zh.medical.footer
本文[内容|]仅供[健康科普|参考]，不能替代[医生|专业医生]的面诊[和|与]治疗。
[如有不适|身体不适时]，请[及时|尽快]到正规医疗机构就诊。
[本文|文章]由{hosp}{dept}[提供|审核]，转载请注明出处。
[欢迎|]关注我们[的公众号|]，[获取|了解]更多健康[知识|资讯]。
[图文|文字]来源：{city}健康[报|网]，[编辑|责编]：{name}。
@en.medical.q
[Hi doctor,|Hello,|Good morning,|] I am a {age}-year-old {sex} and for the past {dur} I have [had|been dealing with|noticed] {sym} [that comes and goes|most days|mainly at night].
My {relative} [was diagnosed with|has had] {dz} [for|over the last] {dur} and [currently takes|was prescribed] {drug}; [is there anything else we should do|what should we watch out for|should we ask about other tests]?
[A routine|My annual|A workplace] check-up [showed|flagged] [abnormal|borderline] {exam} results and the report [mentioned|hinted at] {dz}; [do I need to|should I] see [the|a local] {dept} [specialist|team] [right away|soon|at all]?
[After|Since] starting {drug} about {n} days ago, my {sym} [has improved a little|has not changed|seems worse], [is that normal|should I be worried]?
[Can|Will] {dz} [be cured completely|go away on its own], and [which foods should I avoid|do I need to change my diet]?
I [also get|sometimes get] {sym} and {sym} [every few days|after meals|when I am tired]; [could this be|might this be] [related|connected] to {disease}?
[Our toddler|My little boy|My daughter] started [having|running] {sym} yesterday with a temperature of {temp} degrees, [though still playing|and not eating much]; [should we go to hospital|how can we care for the child at home]?
I already had {exam} at {hosp}, which [showed|reported] [a small change in|nothing unusual in|a tiny nodule in] the {part}, [yet|but] the {sym} [has not gone away|keeps coming back]; what [is the next step|else should be checked]?
[A friend told me|I read online] that {drug} [works well for|helps with] {dz}; [can I|is it safe to] [buy it myself|add it without a prescription]?
I have lived with {dz} for {dur} and take {drug} {dose} {freq}, but my latest {exam} [was still high|has not improved]; [should the dose change|would switching drugs help]?
The {sym} is [much|noticeably] worse [at night|first thing in the morning|after climbing stairs] and [eases|settles] [during the day|with rest]; what does that pattern [mean|suggest]?
We live [outside|an hour from] {city} and the [local clinic|nearest surgery] is small; can follow-up for {dz} be [done|handled] there?
@en.medical.a
[Thanks for the details.|Thank you for writing.|] [Based on what you describe|From your description|Given these symptoms], {dz} [is a possibility|should be considered|cannot be ruled out], and [a visit to|an appointment with] the {dept} clinic for {exam} [would be sensible|is the next step].
[Typical|Common] [features|signs] of {dz} include {sym}, {sym} and {sym}, [although|but] [the pattern|severity] [varies widely|differs] from [person to person|one patient to another].
Please [keep taking|continue] {drug} [as prescribed|at the current dose] and [do not stop|avoid stopping] or [change|adjust] it [on your own|without advice]; [ask|check with] your [prescribing doctor|care team] [first|if anything changes].
[In daily life|At home|Day to day], [a regular sleep schedule|a lighter diet|moderate exercise], [stopping smoking|cutting back on alcohol|less salty food] and [managing stress|staying active] [all help|make a real difference] [in controlling|with] {dz}.
If {sym} [gets much worse|does not settle] or you [develop|notice] {sym}, [please|you should] [go to an emergency department|seek urgent care] [without delay|straight away].
{exam} is [only|just] [one|a first] [screening|test], and a single result [cannot|does not] [confirm|establish] the diagnosis; [doctors usually|we normally] [combine it with|read it alongside] {exam} and the [clinical picture|history].
[With|After] {dur} of symptoms, most [people|patients] [respond|do well] [to|with] [structured|consistent] treatment, so there is no need to [panic|worry excessively].
[Side effects|Adverse effects] of {drug} can include {sym} and {sym}; they [occur in|affect] roughly {pct} of [users|patients] and are [usually mild|often temporary].
[I would suggest|It is reasonable to] [repeat|recheck] {exam} in {n} to {n2} weeks and [then decide|decide afterwards] whether to [adjust the plan|add {drug}].
[Be careful with|Treat with caution] [online advice|home remedies|supplements sold online], and [make treatment decisions|change medicines] only [with|after talking to] your doctor.
[Children|Older adults|Pregnant women] [need|require] [doses|treatment plans] [calculated|tailored] for their [weight|age|kidney and liver function], so adult [instructions|regimens] should not be [copied|applied directly].
[This reply|The advice above] is [general information|a first opinion] and [does not replace|cannot substitute for] a face-to-face [examination|consultation].
The {sym} you mention [could also|might also] [come from|be caused by] {disease}, which is [managed|treated] [differently|in another way], so [telling them apart|the distinction] [matters|is important].
[When you return|At the next visit], [bring|take along] your [earlier|previous] {exam} [reports|results] so the [doctor|clinician] can [compare|track] [the trend|how things have changed].
@en.medical.chief
{sym} [with|and] {sym} for {dur}[, worse over the last {n} days|].
[Recurrent|Intermittent|Persistent] {sym} for {dur}, [flaring|worsening] in the past {n} days.
Abnormal {exam} [found|noted] {dur} ago, with {sym} for {n} days.
@en.medical.hpi
[The patient|This {age}-year-old {sex}] [reports|describes] {sym} [beginning|starting] {dur} ago [without an obvious trigger|after a cold|after heavy exertion|after a meal out|after an emotional upset], [intermittent|constant|episodic] in nature and [accompanied by|associated with] {sym}.
{pron} [was previously seen|had been assessed] at {hosp}, where {disease} was [suspected|diagnosed], and {drug} was [started|prescribed] with [partial|little|temporary] relief.
[Because symptoms worsened|For further work-up|Seeking a clearer plan], {pronlow} [came to|presented to] our {dept} service and was admitted with [suspected|probable] {dz}.
[Appetite|Sleep] has been [fair|poor|normal], bowel and bladder habits are [unchanged|normal], and weight has [fallen by|changed by about] {n} kg.
Over the last {n} days the {sym} has become [more frequent|more intense], [each episode lasting|with episodes of] about {nn} minutes and [easing|settling] with [rest|medication].
{pron} [notes|says] the {sym} [mostly|usually] [appears|occurs] [at night|early in the morning|after meals|with exertion] and [seems linked|seems unrelated] to [posture|food|the weather].
@en.medical.past
{disease} for {n} years; [no known drug allergies|allergic to penicillin]; [smokes {nn} cigarettes a day|former smoker|never smoked].
[Previously well|Generally in fair health]; [appendectomy|cesarean section|cholecystectomy] {n} years ago; no [blood transfusions|prior admissions].
@en.medical.exam
Temperature {temp} C, pulse {hr}/min, blood pressure {bp} mmHg; {part} examination [unremarkable|shows mild tenderness|shows subtle changes].
[Alert and oriented|Comfortable at rest], [cooperative|answers appropriately]; [mild|no] tenderness over the {part}, [no leg edema|limbs move freely].
@en.medical.tests
{exam} [showed|revealed] [mild abnormalities in|no acute findings in|a localized change in] the {part}; {exam} [value|result] {num}.
{exam} [came back|returned] [abnormal|raised|within normal limits], which together with {exam} [is consistent with|supports] {dz}.
@en.medical.diag
1. {DZ}; 2. {disease} [to be excluded|possible|under review].
{DZ} [({grade})|(new diagnosis)|], with [coexisting|concurrent] {disease}.
@en.medical.plan
[Arrange|Complete] {exam} and {exam}; [start|continue] {drug} {dose} {freq}; monitor {sym}[ and ask {dept2} to review if needed|].
[Advice given:|Advised] [low-salt diet|light diet|rest|gradual activity], [take medicines regularly|keep a symptom diary], and [follow up|return to clinic] in {n} weeks.
[Discussed|Explained] the [diagnosis|plan] with the patient and family, including [possible|common] side effects of {drug}; they [agree|are happy to proceed].
@en.medical.obj
To [evaluate|assess|compare] the [efficacy|safety|efficacy and safety] of {drug} in [patients|adults] with {dz}.
To [examine|measure] how adding {drug} to {drug} [affects|changes] {exam} and [quality of life|symptom scores] in {dz}.
@en.medical.methods
[We enrolled|This retrospective study included] {nnn} patients with {dz} [treated|seen] at {hosp} between {year} and {year2}, [randomly assigned|allocated] to [an intervention|a treatment] group or a control group.
The control group received [standard care|usual treatment], while the [intervention|treatment] group [also received|additionally took] {drug} for {n} weeks.
[Outcomes|Endpoints] [included|were] {exam} [values|results], time to resolution of {sym}, and [adverse events|the rate of side effects].
All participants gave written informed consent, and the [protocol|study] was approved by the {hosp} ethics committee.
@en.medical.results
The overall response rate was {pct} in the [intervention|treatment] group versus {pct} in controls (P<0.05).
[After treatment|At {n} weeks], {exam} [improved in both groups|was better in the treatment group], [with a significant between-group difference|and the difference was significant] (P<0.05).
Adverse events occurred in {pct} and {pct} of patients [respectively|in the two groups], [with no significant difference|a non-significant difference] (P>0.05).
During {n} months of follow-up, relapse occurred in {pct} of the [intervention|treatment] group, [lower than|well below] the control rate.
[Subgroup|Stratified] analysis [suggested|showed] [a larger|a smaller] benefit in patients older than {age}.
@en.medical.concl
{drug} [appears effective|is effective] [for|in] {dz}, [relieves|reduces] {sym}, and [is well tolerated|merits larger trials|may be considered in routine practice].
The [sample|cohort] was [small|modest], so [multicenter|larger] studies are needed to [confirm|validate] these findings.
@en.medical.def
{dz} is a [common|relatively common|frequently encountered] [condition|disorder] that [mainly|chiefly] affects the {part} and [can occur|is seen] [at any age|in older adults|in young adults|in children].
[In clinical practice|Clinically], {dz} [falls within|is handled by] {dept}, and its [onset|development] is [closely|strongly] linked to {cause} and {cause}.
@en.medical.epi
[Surveys|Population studies] suggest that about {pct} of adults [live with|have] {dz}, [and the figure has risen steadily|with rates higher in cities|with men slightly more affected].
[In recent years|Over the past {nn} years], [clinic visits|confirmed cases] for {dz} have [kept rising|climbed steadily], and [patients are getting younger|onset is occurring earlier].
@en.medical.sym
[In its early stages|At first|When mild], {dz} [may produce|often causes] [no symptoms|only vague symptoms], but as it [progresses|advances], {sym} and {sym} [become common|tend to appear].
[Many|Some] patients [feel|notice] {sym}, and [in severe cases|when the disease is advanced] {sym} [may follow|can develop].
@en.medical.dx
[Diagnosis|Confirming the diagnosis] [relies on|usually depends on] {exam} and {exam}, [with|and sometimes] {exam} [in selected cases|when the picture is unclear].
[Doctors|Clinicians] also need to [distinguish|separate] {dz} from {disease} to [avoid|prevent] [misdiagnosis|a missed diagnosis].
@en.medical.tx
Treatment [centers on|is built around] {approach}; [commonly used|frequently prescribed] drugs include {drug} and {drug}, [which should be|to be] taken under medical supervision.
For [more severe disease|marked symptoms], {approach} [may be considered|is an option], [together with|supported by] {approach}.
@en.medical.prev
[Prevention|Preventing {dz}] [rests on|depends mostly on] {habit} and {habit}, and [people at high risk|those with a family history] [should have|benefit from] [regular|yearly] {exam}.
[Building|Keeping up] [a habit of|the habit of] {habit} can [clearly|noticeably] [lower|reduce] the [risk|frequency of flares] of {dz}.
@en.medical.prog
[With timely|With appropriate] treatment most people with {dz} [lead normal lives|keep the condition under control], [though|although] [some|a minority] [experience relapses|have lasting effects].
@en.medical.lead
[{city}, {monthname} {day} -|{city} ({monthname} {day}) -] Doctors at {hosp} [have successfully treated|this week treated] a {age}-year-old patient with {dz}, [the hospital said|according to a statement].
[More than|Over] {nnn} [specialists|clinicians] gathered in {city} on {monthname} {day}, {year} for [the {ordinal} annual|a] [conference|symposium] on {dz}.
Health officials in {city} have [published|released] a [screening|prevention] plan for {dz} that [aims to|is meant to] reach {nnnn} households within {n} years.
@en.medical.body
{doc}, [head of|who leads] {dept} at the hospital, [said|explained] that the patient [arrived|was admitted] with {sym} and {sym} [and was in a serious condition|in a complicated state].
The team [quickly|promptly] [arranged|performed] {exam} and [drew up|agreed on] an individualized [treatment plan|plan of care].
[The patient is now|As of this report, the patient is] [stable|recovering well|back home].
The department [treated|saw] {nnnn} [cases of|patients with] {dz} last year, [up|an increase of] {pct} [on|from] the year before, [its figures show|according to its records].
[At the meeting|During the sessions], [several|a number of] [experts|speakers] [presented|shared] [work|data] on {exam} and {approach} for {dz}.
[Reporters|This paper] [learned|found] that many patients [put up with|ignore] {sym} [for weeks|for a long time] and [only|finally] [seek help|come in] when {sym} [appears|sets in].
@en.medical.quote
"{dz} [is not something to fear|is largely preventable]; [what matters is|the key is] [early detection|regular check-ups]," {doc} [said|noted].
[Experts|{doc}] [advise|urged] [residents|the public] [who notice|experiencing] {sym} to [see a doctor promptly|visit a clinic rather than self-medicate].
"[Too many|A lot of] [patients|people] [reach us|arrive] after the [best|ideal] [window|time] for treatment has passed, which is [a real pity|frustrating]," {doc} [said|added].
@en.medical.intro
[Many people|Plenty of patients] [are unsure|do not know] how to {task} [properly|correctly]; [here are|the steps below give] [a few|some] [practical|simple] [pointers|steps].
Living with {dz} [means|involves] [a lot of|plenty of] [self-care|day-to-day management], and {doc} from {dept} [has put together|shares] [a few|some] [tips|suggestions].
@en.medical.steps
{stepno} [Bring|Gather] your latest {exam} [report|results] and a list of [current|all] medicines to [each|every] appointment.
{stepno} [Record|Write down] [how|when] {sym} [changes|appears] each day, [ideally at the same time|using a notebook or phone app].
{stepno} Take {drug} [exactly as prescribed|as directed]; if you miss a dose, [do not double up|never take two at once].
{stepno} [Build|Plan] meals [around|with plenty of] {diet} and stop [before|short of] feeling completely full.
{stepno} [Fit in|Schedule] {exercise} {n} times a week for about {nn} minutes [each time|per session].
{stepno} Keep the {part} [clean|protected] and [seek care|see a doctor] if {sym} [appears|develops].
{stepno} [Learn|Practise] how to {task} and ask a [nurse|pharmacist] to [demonstrate|check your technique] [if unsure|at your next visit].
@en.medical.caution
[Keep in mind|Note] that if {sym} [has not improved|is no better] after {n} weeks of home care, you should [see|contact] your {dept} team [promptly|soon].
These [tips|steps] are [meant for|suitable for] [people with stable disease|mild cases]; [ask|check with] your own doctor [about your situation|before making changes].
@en.medical.extra
[Research|Clinical follow-up|Several studies] [suggests|indicates] that [long-term|sustained] {habit} [can lower|may cut] the risk of {dz} by about {pct}.
[Many|Plenty of] patients [assume|believe] {sym} is [a minor issue|just tiredness], and [end up delaying|so they delay] the [diagnosis|treatment] of {dz}.
For patients who also have {disease}, [drug choices|prescriptions] must [account for|balance] [both conditions|possible interactions].
[Some|Certain] patients [find|notice] that symptoms [flare|worsen] in {season}, which [is linked to|reflects] [temperature shifts|changes in routine|changes in diet].
[Family members|Carers] should [watch|keep an eye on] the patient's {sym} and [contact|call] the [doctor|clinic] [if anything changes|at the first sign of trouble].
{exam} is a [routine|standard] [test|procedure] that [takes|lasts] about {nn} minutes and [usually needs|normally requires] no [special preparation|hospital stay].
[Current|Most] guidelines [list|recommend] {drug} as [a first-line|a core|a standard] option for {dz}.
[It is worth noting|Importantly], {dz} and {disease} are [often|frequently] [linked|seen together], and each can [worsen|complicate] the other.
In a [survey|follow-up study] carried out in {city}, about {pct} of respondents [said they knew little about|had never heard of] the [warning signs|risk factors] of {dz}.
[If|When] a close relative has {dz}, [other family members|siblings and children] should [consider|start] [regular|yearly] screening from age {age}.
[Before|At] the visit, [tell|let] the doctor [know|] [when|how long] {sym} [started|has lasted], what [triggers|worsens] it and [which medicines|what] you have tried.
Taking {drug} [irregularly|on and off] [reduces|weakens] its effect and [can|may] [bring on|increase] side effects such as {sym}.
[Emotional|Psychological] factors [matter too|should not be ignored]; [ongoing|long-term] [anxiety|stress] can make {sym} [more noticeable|worse].
The {dept} clinic [sees|treats] [many|dozens of] patients with {dz} [every week|each day], and people around {age} are the [largest group|most common].
@en.medical.title
Living with {DZ}: [practical advice|what patients should know]
{drug} for {DZ}: a [randomized|retrospective] study
[Doctors in|Hospital in] {city} [treat|save] patient with {DZ}
{n} [things|facts] to know about {DZ}
@en.medical.footer
This article is for [general information|health education] only and [is not a substitute for|does not replace] professional medical advice.
If you [feel unwell|have symptoms], [please|] [contact|visit] a qualified [healthcare provider|clinic] [promptly|without delay].
[Reviewed|Written] by the {dept} team at {hosp}. [Reproduction requires permission.|Please credit the source when sharing.]
[Sign up|Subscribe] to our [newsletter|weekly digest] for more [health tips|updates].
[Source|Adapted from]: {city} Health [Weekly|Review]; [edited by|editor] {name}.
@zh.general.def
{T}是{topic}[领域|学科|方面]的[一个|]重要[概念|内容|分支]，[最早|较早][可以追溯到|出现于]{era}。
[在|从]{topic}的[角度|视角]来看，{T}[与|和]{term}[之间|][存在|有着][密切的|复杂的|一定的]联系。
[许多|不少]{role}[认为|指出]，[理解|掌握]{T}的[关键|核心]在于{act}[和|与]{act}。
{T}的[发展|演变][大致|大体]经历了{n}个阶段，[每个阶段|各个时期]都[留下了|形成了][大量|丰富的]{thing}。
[如今|现在|今天]，{T}[已经|早已][广泛|普遍]应用于[日常生活|生产实践|教学科研]，[并|]在{city}等地[形成了|出现了]一批[代表性|典型]的[成果|案例]。
[关于|围绕]{T}的[争论|讨论][主要|]集中在{term}[方面|问题上]，[不同|各派]{role}的[看法|观点][并不一致|差异较大]。
@zh.general.lead
[本报讯|据{city}日报消息|记者{name}报道]，{year}年{month}月{day}日，{city}[举办了|召开了|启动了]一场以{T}为主题的[活动|论坛|比赛|展览]，[吸引了|共有]{nnnn}[余|多]人[参加|参与]。
[近日|日前]，{city}[发布|出台]了[关于|促进]{T}[发展|普及]的[若干措施|实施方案]，[明确|提出]在{n}年内[建成|培育]{nn}个[示范点|基地]。
@zh.general.body
[活动|会议]现场，[多位|几位]{role}[围绕|就]{term}[展开了|进行了][深入|热烈的]讨论。
[据主办方介绍|主办方表示]，[今年|本届][参与人数|规模][比去年|较上届][增长|增加]了{pct}，[明年|下一届][还将|计划][继续举办|扩大规模]。
[业内人士|有关{role}][认为|指出]，{T}[正在|将会][成为|带动]{city}[新的|]{growth}。
[现场|展区][还|][展示了|陈列了]{nnn}[余|多]件{thing}，[不少|许多][观众|市民][驻足|排队][观看|体验]。
@zh.general.quote
“[这次|本次][活动|交流][让我|使我们][收获很大|学到了很多][，|！][尤其是|特别是]在{act}[方面|上]。”[一位|来自{city}的][参与者|{role}]{name}[说|表示]。
“{T}[离|和]普通人[并不远|其实很近]，[关键|重要的]是[愿意|肯][花时间|动手]去{act}。”{name}[笑着说|告诉记者]。
@zh.general.intro
[怎样|如何]才能[学好|掌握|入门]{T}？[首先|第一步]要[弄清|了解]{term}的[基本|核心]概念。
[不少|很多][朋友|读者][问|留言询问][怎样|如何][开始|接触]{T}，[这里|本文][分享|整理]一些[经验|做法]。
@zh.general.steps
{stepno}，准备[好|一些]{thing}，[并|同时][制定|安排][一份|一个][合理的|可行的][计划|时间表]。
{stepno}，[每天|每周][抽出|安排]{nn}分钟[练习|用来]{act}，[循序渐进|由浅入深][地|]提高。
{stepno}，[遇到|碰到][困难|问题]时[可以|不妨][请教|求助]有经验的{role}，[或者|也可以][查阅|参考]{thing}。
{stepno}，[定期|每隔一段时间][回顾|总结][自己的|]进展，[及时|适时]调整[方法|计划]。
{stepno}，[试着|尝试][把|将]{act}[和|与]{act}[结合起来|交替进行]，[这样|如此][效果|进步][往往|通常]更[明显|快]。
@zh.general.caution
[需要注意的是|最后提醒一句]，{act}[时|的时候][切忌|不要][急于求成|贪多求快]，[坚持|持之以恒]才[是关键|能见效][。|！]
@zh.general.extra
[一般来说|通常情况下]，[初学者|新手]在[接触|学习]{T}时[最容易|往往][忽视|忽略]{term}。
[有人|有学者]曾[做过|进行过][统计|调查]，[在|]{city}[大约|约有]{pct}的[人|受访者][对|]{T}[有浓厚兴趣|表示感兴趣]。
{role}[们|][常说|常讲]，{act}[看似简单|说起来容易]，[真正|要想]做好却[需要|得][长期积累|反复练习]。
[与|和]{term}[相比|相较]，{T}[更加|更][注重|强调][实践|细节|整体]。
{year}年前后，[随着|伴随着]{thing}的[普及|推广]，{T}[逐渐|慢慢][走进|进入]了[普通人|大众]的[视野|生活]。
[在|]{city}的[一所|一家][学校|机构|社区]，[一群|几位]{role}[每周|每月][聚在一起|定期]{act}，[已经|]坚持了{n}年。
[不少|许多]{role}[建议|主张]，[把|将]{act}[和|与]{act}[结合起来|同时进行]，[效果|收获][会更好|更明显]。
[从|就][数据|统计]来看，[近|过去]{n}年[里|间]，[与|和]{T}[相关|有关]的{thing}[数量|规模][增长了|翻了]{n}倍。
[当然|不过]，{T}[也|同样][面临|存在][不少|一些][挑战|争议]，[比如|例如]{term}[就|][一直|始终]没有[定论|统一的答案]。
[对|对于]普通[读者|人]来说，[了解|知道]{T}的[基本原理|来龙去脉][就|已经][足够|够用]了。
[那么|可是]，{T}[到底|究竟][有什么用|难在哪里]？[答案|原因][其实|或许][就|]藏在{term}[之中|里]。
[有一位|一位]{role}[曾|][在|于]{city}[讲过|讲述过]一个[故事|经历]：[他|她][花了|用了]{n}年[时间|工夫]才[真正|彻底][弄懂|理解]{term}。
@zh.general.title
[浅谈|漫谈|走近]{TT}
{city}[举办|启动]{TT}[主题活动|论坛]
[如何|怎样][入门|学好]{TT}：{n}[个|条][建议|经验]
@zh.general.footer
[本文|文章]来源：{city}[晚报|文化网|新闻网]，[编辑|作者]：{name}。
[未经授权|未经许可]，[禁止|请勿]转载。
[欢迎|]在评论区[留言|分享]你的[看法|经验]。
@en.general.def
{T} is [an important|a central|a widely studied] [idea|subject|branch] in {topic}, with roots that [go back to|can be traced to] {era}.
From the [standpoint|perspective] of {topic}, {T} is [closely|loosely|deeply] connected to {term}.
[Many|Most] {role} [argue|believe|would say] that [understanding|mastering] {T} [comes down to|depends on] {act} and {act}.
The [history|development] of {T} [passed through|can be divided into] {n} [stages|phases], each [leaving behind|producing] [a wealth of|many] {thing}.
[Today|Nowadays], {T} [turns up|is applied] [widely|routinely] in [everyday life|industry|teaching and research], and [places like|cities such as] {city} have [notable|well-known] [examples|projects].
[Debate|Discussion] about {T} [tends to|mostly] [focus|center] on {term}, and {role} [do not always agree|hold quite different views].
@en.general.lead
[{city}, {monthname} {day} -|{city} ({monthname} {day}) -] [A|This year's] [festival|forum|competition|exhibition] [devoted to|on] {T} [opened|took place] in {city}, drawing [more than|about] {nnnn} [visitors|participants].
[Officials|The council] in {city} [announced|unveiled] [a plan|measures] to [promote|support] {T}, [promising|aiming for] {nn} [new venues|pilot sites] within {n} years.
@en.general.body
[During the event|On the first day], [several|a panel of] {role} [debated|discussed] {term} [at length|in detail].
[Organizers|The organizing committee] [said|reported] attendance [rose|grew] {pct} [from|compared with] last year and [plan to|hope to] [expand|repeat] the event.
[Observers|Industry watchers|Local {role}] [expect {T} to become|believe {T} will become|say {T} could become] [a new|an important] {growth} for {city}.
[Displays|Stands] [featured|showed] [more than|over] {nnn} {thing}, and [many|plenty of] [visitors|residents] [queued|lined up] to [try|see] them.
@en.general.quote
"[I learned a lot|It was really useful], [especially|particularly] about {act}," said {name}, [a participant from|who traveled from] {city}.
"{T} is [closer to ordinary people|more approachable] than [it looks|many think]; [what counts|the point] is [being willing|making time] to try {act}," {name} [said|told reporters].
@en.general.intro
[If you want to|To] [get started with|learn|get better at] {T}, [begin by|start by] [understanding|reviewing] the basics of {term}.
[Readers often|Many people] [ask|write in asking] how to [approach|begin with] {T}, so [here are|this piece collects] [some|a few] [lessons|habits] that [help|work].
@en.general.steps
{stepno} [Gather|Collect] {thing} and [set|draw up] a [realistic|simple] [schedule|plan].
{stepno} [Spend|Set aside] {nn} minutes [a day|each day|three times a week] on {act}, [building up|increasing the difficulty] [gradually|step by step].
{stepno} When you [get stuck|hit a problem], [ask|consult] experienced {role} or [look through|check] {thing}.
{stepno} [Review|Look back at] your progress [every few weeks|regularly] and [adjust|tweak] [your approach|the plan].
{stepno} [Try|Experiment with] [combining|alternating] {act} and {act}; progress is [often|usually] [faster|more visible] that way.
@en.general.caution
[Finally|One last tip]: [do not rush|avoid rushing] {act}; [steady practice|consistency] [matters more than|beats] [speed|talent].
@en.general.extra
[As a rule|Generally], [beginners|newcomers] to {T} [tend to|often] [overlook|underestimate] {term}.
[One|A recent] [survey|poll] in {city} found that about {pct} of [people|respondents] [are keen on|take an interest in] {T}.
{role} [like to say|often say] that {act} [looks simple|sounds easy] but [doing it well|real skill] [takes|requires] [years|long practice].
[Compared with|Unlike] {term}, {T} [puts more weight on|places greater emphasis on] [practice|detail|the big picture].
[Around|By] {year}, as {thing} [spread|became common], {T} [gradually|slowly] [entered|found its way into] [everyday life|public view].
At a [school|community center|club] in {city}, a [group|handful] of {role} [meet|gather] [every week|each month] for {act}, and have done so for {n} years.
[Many|Several] {role} [recommend|suggest] [pairing|combining] {act} with {act} for [better|clearer] [results|progress].
[Over the past|In the last] {n} years, the [number|volume] of {thing} [linked to|related to] {T} has [grown|multiplied] {n} times.
[Of course|Still], {T} [faces|has] [its share of|some] [challenges|controversies]; {term}, for [example|instance], [remains unsettled|has no agreed answer].
For [the general reader|most people], [knowing|grasping] the [basic ideas|main story] of {T} is [enough|plenty].
[One|A veteran] {role} in {city} [once described|likes to recall] spending {n} years before [truly|finally] [understanding|getting to grips with] {term}.
@en.general.title
[An introduction to|A short guide to|Notes on] {TT}
{city} [hosts|launches] {TT} [festival|forum]
{n} [tips|lessons] for [learning|getting into] {TT}
@en.general.footer
[Source|Originally published in]: {city} [Evening News|Culture Weekly]; [by|edited by] {name}.
[All rights reserved.|Do not republish without permission.]
[Share|Tell us] your [thoughts|experience] in the comments.
"""


def _table(spec: str, fields: tuple[str, ...]) -> dict[str, dict]:
    out = {}
    for line in spec.strip().splitlines():
        key, name, *lists = line.split("|")
        out[key] = {"label": name, **{f: tuple(v.split(",")) for f, v in zip(fields, lists)}}
    return out


def _lists(spec: str) -> dict[str, tuple[str, ...]]:
    return {k: tuple(v.split(",")) for k, v in (line.split("|", 1) for line in spec.strip().splitlines())}


_MED_FIELDS = ("disease", "sym", "drug", "exam", "part")
_GEN_FIELDS = ("term", "role", "thing", "act")
VOCAB = {
    "zh": {"medical": _table(_ZH_MED, _MED_FIELDS), "general": _table(_ZH_GEN, _GEN_FIELDS)},
    "en": {"medical": _table(_EN_MED, _MED_FIELDS), "general": _table(_EN_GEN, _GEN_FIELDS)},
}
COMMON = {"zh": _lists(_ZH_COMMON), "en": _lists(_EN_COMMON)}
MEDICAL_TOPICS = tuple(VOCAB["zh"]["medical"])
GENERAL_TOPICS = tuple(VOCAB["zh"]["general"])
TOPICS = {"medical": MEDICAL_TOPICS, "general": GENERAL_TOPICS}

_TOKEN = re.compile(r"\{(\w+)\}|\[([^\[\]]*)\]")


def _compile(template: str) -> tuple:
    """Template -> parts: str literal, (0, slot) or (1, alternatives)."""
    parts: list = []
    pos = 0
    for m in _TOKEN.finditer(template):
        if m.start() > pos:
            parts.append(template[pos:m.start()])
        if m.group(1) is not None:
            parts.append((0, m.group(1)))
        else:
            parts.append((1, tuple(_compile(alt) for alt in m.group(2).split("|"))))
        pos = m.end()
    if pos < len(template):
        parts.append(template[pos:])
    return tuple(parts)


def _sections(spec: str) -> dict[str, tuple]:
    out: dict[str, list] = {}
    current = None
    for line in spec.splitlines():
        line = line.strip()
        if not line:
            continue
        if line.startswith("@"):
            current = out.setdefault(line[1:], [])
        else:
            current.append(_compile(line))
    return {k: tuple(v) for k, v in out.items()}


TEMPLATES = _sections(_TEMPLATES)

_ZH_NUM = "一二三四五六七八九十"
_ZH_STEPS = (("第{}步", True), ("{}是", True), ("步骤{}", False), ("其{}", True))
_EN_STEPS = ("Step {}:", "{}.", "({})")
_ORD = {1: "st", 2: "nd", 3: "rd"}
_EN_SPACES = re.compile(r" {2,}| (?=[,.;:?!])")
_MAIN = {"dz": "dz", "DZ": "dz", "T": "T", "TT": "T"}  # {DZ}/{TT}: always the full name
_SHORT_REF = {"zh": {"dz": ("该病", "本病", "这种病"), "T": ("它",)},
              "en": {"dz": ("the condition", "this condition", "the disease"), "T": ("the subject", "this field")}}
_NUMBERS = {  # slot -> f(rng, is_chinese) -> text
    "n": lambda r, zh: str(r.randint(2, 9)), "n2": lambda r, zh: str(r.randint(10, 16)),
    "nn": lambda r, zh: str(r.randint(10, 95)), "nnn": lambda r, zh: str(r.randint(48, 480)),
    "nnnn": lambda r, zh: str(r.randint(1200, 9800)), "num": lambda r, zh: f"{r.uniform(0.5, 15):.1f}",
    "num2": lambda r, zh: f"{r.uniform(17.5, 34):.1f}", "pct": lambda r, zh: f"{r.uniform(2, 96):.1f}%",
    "temp": lambda r, zh: f"{r.uniform(37.2, 40.1):.1f}", "spo2": lambda r, zh: str(r.randint(90, 99)),
    "hr": lambda r, zh: str(r.randint(56, 128)), "bp": lambda r, zh: f"{r.randint(96, 182)}/{r.randint(56, 108)}",
    "dose": lambda r, zh: f"{r.choice((2.5, 5, 10, 20, 25, 40, 50, 100, 250, 500))}{'' if zh else ' '}mg",
    "month": lambda r, zh: str(r.randint(1, 12)), "month2": lambda r, zh: str(r.randint(1, 12)),
    "day": lambda r, zh: str(r.randint(1, 28)),
    "ordinal": lambda r, zh: (lambda k: f"{k}{'th' if 10 < k < 14 else _ORD.get(k % 10, 'th')}")(r.randint(2, 19)),
    "dur": lambda r, zh: (f"{r.randint(2, 11)}{r.choice(('天', '周', '个月', '年'))}" if zh
                          else f"{r.randint(2, 11)} {r.choice(('days', 'weeks', 'months', 'years'))}"),
    "grade": lambda r, zh: r.choice(("轻度", "中度", "重度", "稳定期", "急性期") if zh
                                    else ("mild", "moderate", "severe", "stable", "acute")),
    "exam2kind": lambda r, zh: r.choice(("初步检查", "筛查项目", "辅助检查")),
}


class Context:
    """Per-document slot values; list slots are drawn fresh (distinct within a sentence)."""

    def __init__(self, rng: random.Random, lang: str, domain: str, topic: str):
        self.rng, self.lang, self.domain, self.topic = rng, lang, domain, topic
        self.vocab = VOCAB[lang][domain][topic]
        self.common = COMMON[lang]
        self.step = 0
        self.mentioned = False
        self.used: set[str] = set()
        r = rng.randint
        if domain == "medical":
            lo, hi, sexes = {"pediatrics": (1, 14, "mf"), "obgyn": (20, 42, "f")}.get(topic, (18, 86, "mf"))
            sex = rng.choice(sexes)
            age = r(lo, hi)
        else:
            sex, age = rng.choice("mf"), r(18, 80)
        year = r(2011, 2021)
        c = self.common
        if lang == "zh":
            surname = rng.choice(c["surname"])
            fixed = {"sex": "男" if sex == "m" else "女", "doc": surname + rng.choice(c["doctitle"]),
                     "hosp": rng.choice(c["city"]) + rng.choice(("市", "")) + rng.choice(c["hospkind"])}
            fmt, chinese = rng.choice(_ZH_STEPS)
            self.step_fmt = (fmt, chinese)
        else:
            fixed = {"sex": "man" if sex == "m" else "woman", "pron": "He" if sex == "m" else "She",
                     "pronlow": "he" if sex == "m" else "she",
                     "doc": f"Dr. {rng.choice(c['first'])} {rng.choice(c['last'])}",
                     "hosp": f"{rng.choice(c['city'])} {rng.choice(c['hospkind'])}"}
            self.step_fmt = (rng.choice(_EN_STEPS), False)
        fixed.update(age=str(age), year=str(year), year2=str(year + r(1, 3)), topic=self.vocab["label"])
        if domain == "medical":
            fixed.update(dz=rng.choice(self.vocab["disease"]), dept=self.vocab["label"])
        else:
            fixed["T"] = rng.choice(self.vocab["term"])
        self.fixed = fixed

    def pick(self, items: tuple[str, ...]) -> str:
        choice = self.rng.choice(items)
        for _ in range(4):
            if choice not in self.used:
                break
            choice = self.rng.choice(items)
        self.used.add(choice)
        return choice

    def slot(self, name: str) -> str:
        if name in _MAIN:  # the document's main disease/term: in full first, then often a short reference
            full = self.fixed[_MAIN[name]]
            if name in ("dz", "T"):
                if self.mentioned and self.rng.random() < 0.5:
                    return self.rng.choice(_SHORT_REF[self.lang][name])
                self.mentioned = True
            return full
        if name in self.fixed:
            return self.fixed[name]
        if name in self.vocab:
            return self.pick(self.vocab[name])
        if name in self.common:
            return self.pick(self.common[name])
        rng, zh = self.rng, self.lang == "zh"
        if name in _NUMBERS:
            return _NUMBERS[name](rng, zh)
        if name == "name":
            c = self.common
            if zh:
                return rng.choice(c["surname"]) + "".join(rng.sample(c["given"], rng.randint(1, 2)))
            return f"{rng.choice(c['first'])} {rng.choice(c['last'])}"
        if name == "dept2":
            return VOCAB[self.lang]["medical"][rng.choice(MEDICAL_TOPICS)]["label"]
        if name == "stepno":
            self.step += 1
            fmt, chinese = self.step_fmt
            return fmt.format(_ZH_NUM[min(self.step, 10) - 1] if chinese else self.step)
        raise KeyError(f"unknown slot {{{name}}}")

    def render(self, parts: tuple) -> str:
        out = []
        for p in parts:
            if type(p) is str:
                out.append(p)
            elif p[0] == 0:
                out.append(self.slot(p[1]))
            else:
                out.append(self.render(self.rng.choice(p[1])))
        return "".join(out)

    def sentence(self, section: str, template: tuple | None = None) -> str:
        key = f"{self.lang}.{self.domain}.{section}"
        self.used = {self.fixed.get("dz", ""), self.fixed.get("T", "")}
        text = self.render(template if template is not None else self.rng.choice(TEMPLATES[key]))
        if self.lang == "en":
            text = _EN_SPACES.sub(lambda m: "" if m.group(0) == " " else " ", text).strip()
            i = 1 if text[:1] == '"' else 0
            text = text[:i] + text[i:i + 1].upper() + text[i + 1:]
        return text


# style -> sections (name, min sentences, max sentences, zh label, en label), in document order
_STYLES = {
    "consult": [("q", 1, 3, "患者提问：", "Patient question: "), ("a", 2, 99, "医生回答：", "Doctor's answer: ")],
    "note": [("chief", 1, 1, "主诉：", "Chief complaint: "), ("hpi", 1, 6, "现病史：", "History of present illness: "),
             ("past", 0, 1, "既往史：", "Past history: "), ("exam", 0, 1, "体格检查：", "Examination: "),
             ("tests", 0, 2, "辅助检查：", "Investigations: "), ("diag", 1, 1, "初步诊断：", "Assessment: "),
             ("plan", 1, 3, "诊疗计划：", "Plan: ")],
    "abstract": [("obj", 1, 1, "目的：", "Objective: "), ("methods", 1, 4, "方法：", "Methods: "),
                 ("results", 1, 99, "结果：", "Results: "), ("concl", 1, 2, "结论：", "Conclusions: ")],
    "encyclopedia": [("def", 1, 2, "", ""), ("epi", 0, 2, "", ""), ("sym", 1, 2, "", ""), ("dx", 0, 2, "", ""),
                     ("tx", 1, 2, "", ""), ("extra", 0, 99, "", ""), ("prev", 0, 2, "", ""), ("prog", 0, 1, "", "")],
    "news": [("lead", 1, 1, "", ""), ("body", 1, 99, "", ""), ("quote", 1, 2, "", "")],
    "howto": [("intro", 1, 2, "", ""), ("steps", 2, 6, "", ""), ("extra", 0, 99, "", ""), ("caution", 1, 1, "", "")],
    "g_encyclopedia": [("def", 2, 6, "", ""), ("extra", 1, 99, "", "")],
}
_FLEX_EXTRA = {"a", "results", "body", "extra"}  # these sections also draw from the domain's "extra" pool
MEDICAL_STYLES = ("consult", "note", "abstract", "encyclopedia", "news", "howto")
GENERAL_STYLES = ("encyclopedia", "news", "howto")
_LINE_STYLES = {"note", "abstract"}


@dataclass
class Composed:
    lang: str
    domain: str
    topic: str
    style: str
    blocks: list[list[str]]  # paragraphs (or labelled lines) of sentences
    ctx: Context = field(repr=False)

    @property
    def text(self) -> str:
        return render(self.blocks, self.lang)

    def title(self) -> str:
        return self.ctx.sentence("title")

    def footer(self) -> str:
        return self.ctx.sentence("footer")

    def extra_sentence(self) -> str:
        return self.ctx.sentence("extra")


def render(blocks: list[list[str]], lang: str) -> str:
    joiner = "" if lang == "zh" else " "
    return "\n".join(joiner.join(b) for b in blocks if b)


def _allocate(rng: random.Random, sections: list[tuple], n: int) -> list[int]:
    counts = [s[1] for s in sections]
    spare = n - sum(counts)
    open_ = [i for i, s in enumerate(sections) if s[2] > s[1]]
    while spare > 0 and open_:
        i = rng.choice(open_)
        counts[i] += 1
        spare -= 1
        if counts[i] >= sections[i][2]:
            open_.remove(i)
    return counts


def _chunk(rng: random.Random, items: list[str], lo: int, hi: int) -> list[list[str]]:
    out, i = [], 0
    while i < len(items):
        k = rng.randint(lo, hi)
        out.append(items[i:i + k])
        i += k
    if len(out) > 1 and len(out[-1]) == 1 and lo > 1:
        out[-2].extend(out.pop())
    return out


def compose(rng: random.Random, lang: str, domain: str, topic: str | None = None,
            n_sentences: int | None = None, style: str | None = None) -> Composed:
    """A document as paragraphs of sentences, with the context used to fill it (for edits, titles, footers)."""
    if lang not in LANGS or domain not in DOMAINS:
        raise ValueError(f"lang must be one of {LANGS} and domain one of {DOMAINS}")
    topic = topic or rng.choice(TOPICS[domain])
    style = style or rng.choice(MEDICAL_STYLES if domain == "medical" else GENERAL_STYLES)
    n = n_sentences or rng.randint(4, 15)
    ctx = Context(rng, lang, domain, topic)
    key = "g_encyclopedia" if (domain == "general" and style == "encyclopedia") else style
    if key not in _STYLES or (domain == "general" and style not in GENERAL_STYLES):
        raise ValueError(f"unknown style {style!r} for {domain}")
    sections = _STYLES[key]
    counts = _allocate(rng, sections, n)
    pools = TEMPLATES
    blocks: list[list[str]] = []
    for (name, _lo, _hi, zh_label, en_label), count in zip(sections, counts):
        if count == 0:
            continue
        own = list(pools[f"{lang}.{domain}.{name}"])
        rng.shuffle(own)
        if name in _FLEX_EXTRA and name != "extra":
            extra = list(pools[f"{lang}.{domain}.extra"])
            rng.shuffle(extra)
            own = own + extra
        sentences = [ctx.sentence(name, own[i % len(own)]) for i in range(count)]
        label = zh_label if lang == "zh" else en_label
        if style in _LINE_STYLES or style == "consult":
            sentences[0] = label + sentences[0]
            if style == "consult" and count > 5:
                blocks.extend(_chunk(rng, sentences, 2, 4))
            else:
                blocks.append(sentences)
        elif style == "howto" and name == "steps":
            blocks.extend([s] for s in sentences)
        else:
            blocks.append(sentences)
    if style in ("encyclopedia", "news"):  # prose: one paragraph, or several once there are 7+ sentences
        flat = [s for b in blocks for s in b]
        if len(flat) >= 7:
            blocks = _chunk(rng, flat, 1, 3) if style == "news" else _chunk(rng, flat, 3, 5)
        else:
            blocks = [flat]
    return Composed(lang, domain, topic, style, blocks, ctx)


def compose_document(rng: random.Random, lang: str, domain: str, topic: str | None = None,
                     n_sentences: int | None = None) -> str:
    """One original document: 4-15 sentences (or n_sentences), longer ones split into paragraphs."""
    return compose(rng, lang, domain, topic, n_sentences).text


def add_english_terms(doc: Composed) -> Composed:
    """Insert 1-3 sentences with English terms (CT, MRI, HbA1c, COVID-19, ...) into a Chinese medical doc."""
    rng = doc.ctx.rng
    for _ in range(rng.randint(1, 3)):
        block = rng.choice(doc.blocks)
        block.insert(rng.randint(1, len(block)), doc.ctx.sentence("mixed"))
    return doc


def compose_mixed_document(rng: random.Random, n_sentences: int | None = None) -> str:
    """Chinese medical text with English abbreviations and test names mixed in."""
    return add_english_terms(compose(rng, "zh", "medical", n_sentences=n_sentences or rng.randint(4, 12))).text
